// The catalog knows every root field of schema.graphql (and nothing else), each with an IAM
// action or a reason it needs none; a resolver it does not know is refused to everyone.
import { describe, expect, it } from 'vitest';
import { MUTATION_CATALOG, QUERY_CATALOG, ROOT_CATALOGS } from '../../src/authorization/catalog.ts';
import { isHeavy, isOpen } from '../../src/authorization/targets.ts';
import { GatehouseError } from '../../src/errors.ts';
import { authorizeFields } from '../../src/graphql/authorize-fields.ts';
import { probes, SCHEMA } from '../support/probe-operations.ts';

const SITE = { partition: 'aws', accountId: '111122223333', callerArn: 'arn:aws:iam::111122223333:user/dev/alice' };
const ACTION = /^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/;

describe('the authorization catalog', () => {
  it('lists exactly the root fields of schema.graphql', () => {
    expect(Object.keys(QUERY_CATALOG).sort()).toEqual(Object.keys(SCHEMA.getQueryType()!.getFields()).sort());
    expect(Object.keys(MUTATION_CATALOG).sort()).toEqual(Object.keys(SCHEMA.getMutationType()!.getFields()).sort());
  });

  it('gives every field an action and a resource for its arguments, or a reason it needs none', () => {
    for (const { root, field, args } of probes()) {
      const entry = ROOT_CATALOGS[root]![field]!;
      if (isOpen(entry)) {
        expect(entry.open.length, field).toBeGreaterThan(20);
        continue;
      }
      const checks = entry.checks(args, SITE);
      expect(checks.length, field).toBeGreaterThan(0);
      for (const check of checks) {
        expect(check.action, field).toMatch(ACTION);
        const { resource } = check;
        expect('arn' in resource ? resource.arn : 'accessKeyOwner' in resource ? resource.accessKeyOwner : resource.name, field).toBeTruthy();
      }
    }
  });

  it('names AWS actions and the ARNs AWS uses', () => {
    const input = { userName: 'bob', path: '/dev/', permissionsBoundary: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess', tags: [{ key: 'team', value: 'red' }] };
    const [check] = (MUTATION_CATALOG.createUser as { checks: Function }).checks({ input }, SITE);
    expect(check).toEqual({
      action: 'iam:CreateUser',
      resource: { arn: 'arn:aws:iam::111122223333:user/dev/bob' },
      keys: [
        { key: 'iam:PermissionsBoundary', values: ['arn:aws:iam::aws:policy/IAMReadOnlyAccess'] },
        { key: 'aws:RequestTag/team', values: ['red'] },
        { key: 'aws:TagKeys', values: ['team'], type: 'STRING_LIST' },
      ],
    });
    const checks = (root: 'Query' | 'Mutation', field: string, args: object) => (ROOT_CATALOGS[root]![field] as { checks: Function }).checks(args, SITE);
    expect(checks('Query', 'users', { pathPrefix: '/dev/' })).toEqual([{ action: 'iam:ListUsers', resource: { arn: 'arn:aws:iam::111122223333:user/dev/*' } }]);
    expect(checks('Query', 'user', { userName: 'bob' })).toEqual([{ action: 'iam:GetUser', resource: { entity: 'user', name: 'bob' } }]);
    expect(checks('Query', 'accessKeys', {})).toEqual([{ action: 'iam:ListAccessKeys', resource: { arn: SITE.callerArn } }]);
    expect(checks('Mutation', 'attachUserPolicy', { input: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/X' } })).toEqual([
      { action: 'iam:AttachUserPolicy', resource: { entity: 'user', name: 'bob' }, keys: [{ key: 'iam:PolicyARN', values: ['arn:aws:iam::aws:policy/X'] }] },
    ]);
    expect(checks('Mutation', 'createPolicyVersion', { input: { policyArn: 'arn:aws:iam::111122223333:policy/p', setAsDefault: true } }).map((c: { action: string }) => c.action)).toEqual([
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
    ]);
  });
});

describe('a resolver the catalog does not know', () => {
  it('is refused to everyone, before it runs', async () => {
    let ran = false;
    const fields = authorizeFields({}, { unknownField: () => (ran = true) }) as unknown as { unknownField: (...args: unknown[]) => Promise<unknown> };
    const error = await fields.unknownField({}, {}, {}, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatehouseError);
    expect((error as GatehouseError).code).toBe('ACCESS_DENIED');
    expect(ran).toBe(false);
  });

  it('marks the expensive root fields heavy, listings by the page they ask for, and no mutation', () => {
    const always = Object.keys(QUERY_CATALOG).filter((field) => QUERY_CATALOG[field]!.heavy === true);
    expect(always.sort()).toEqual(['accessFilter', 'auditEvents', 'decisionLog', 'evaluateAccessBatch', 'principalPermissions', 'simulateCustomPolicy', 'verifyAuditTrail', 'whoCan']);
    const heavy = (field: string, args: object) => isHeavy(QUERY_CATALOG[field]!, args);
    for (const listing of ['users', 'groups', 'roles', 'policies', 'virtualMFADevices', 'services']) {
      expect([heavy(listing, { first: 50 }), heavy(listing, { first: 51 }), heavy(listing, { first: null }), heavy(listing, {})], listing).toEqual([false, true, true, true]);
    }
    expect([heavy('nodes', { ids: Array(50).fill('x') }), heavy('nodes', { ids: Array(51).fill('x') }), heavy('nodes', { ids: 'x'.repeat(80) })]).toEqual([false, true, false]);
    expect(['evaluateAccess', 'user', 'callerIdentity', 'myPermissions', 'validatePolicy'].filter((field) => heavy(field, {}))).toEqual([]);
    expect(Object.keys(MUTATION_CATALOG).filter((field) => MUTATION_CATALOG[field]!.heavy)).toEqual([]);
  });
});
