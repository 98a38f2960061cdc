// Properties of the combiner over small generated policy sets (a tiny
// alphabet of actions and resources so statements actually match).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePolicy, createPolicySet, evaluate,
  type AccessRequest, type CompiledPolicy, type EvaluationInput, type EvaluationPolicyType,
} from '../../src/policy/index.ts';

const V = '2012-10-17';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const ACTIONS = ['s3:GetObject', 's3:PutObject', 'ec2:RunInstances', 'iam:CreateUser'];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', '*', 's3:Get*', 'ec2:*', '*:Create*'];
const RESOURCES = ['arn:aws:s3:::a/x', 'arn:aws:s3:::b/y', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'];
const RESOURCE_PATTERNS = [...RESOURCES, '*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::*', 'arn:aws:ec2:*:*:instance/*'];

type Doc = { Version: string; Statement: Array<Record<string, unknown>> };

const condition = fc.option(
  fc.oneof(
    fc.record({ StringEquals: fc.record({ 'aws:PrincipalTag/team': fc.constantFrom('red', 'blue') }) }),
    fc.record({ StringNotEquals: fc.record({ 'aws:PrincipalTag/team': fc.constantFrom('red', 'blue') }) }),
    fc.record({ Bool: fc.record({ 'aws:SecureTransport': fc.constantFrom('true', 'false') }) }),
  ),
  { nil: undefined },
);

const statement = (withPrincipal: boolean): fc.Arbitrary<Record<string, unknown>> =>
  fc.record({
    effect: fc.constantFrom('Allow', 'Deny'),
    notAction: fc.boolean(),
    actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
    notResource: fc.boolean(),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
    principal: fc.constantFrom<unknown>('*', { AWS: ALICE }, { AWS: '111122223333' }, { AWS: 'arn:aws:iam::999988887777:root' }),
    condition,
  }).map((s) => ({
    Effect: s.effect,
    [s.notAction ? 'NotAction' : 'Action']: s.actions,
    [s.notResource ? 'NotResource' : 'Resource']: s.resources,
    ...(withPrincipal ? { Principal: s.principal } : {}),
    ...(s.condition ? { Condition: s.condition } : {}),
  }));

const doc = (withPrincipal = false): fc.Arbitrary<Doc> =>
  fc.array(statement(withPrincipal), { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: V, Statement }));

const request: fc.Arbitrary<AccessRequest> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  team: fc.option(fc.constantFrom('red', 'blue'), { nil: undefined }),
  secure: fc.constantFrom('true', 'false'),
}).map((r) => ({
  principal: ALICE,
  action: r.action,
  resource: r.resource,
  context: [
    { key: 'aws:SecureTransport', values: [r.secure] },
    ...(r.team ? [{ key: 'aws:PrincipalTag/team', values: [r.team] }] : []),
  ],
}));

interface Scenario { identity: Doc[]; resource: Doc | null; boundary: Doc[]; session: Doc[]; scp: Doc[] | null; request: AccessRequest }

const scenario: fc.Arbitrary<Scenario> = fc.record({
  identity: fc.array(doc(), { maxLength: 3 }),
  resource: fc.option(doc(true), { nil: null }),
  boundary: fc.array(doc(), { maxLength: 1 }),
  session: fc.array(doc(), { maxLength: 1 }),
  scp: fc.option(fc.array(doc(), { minLength: 1, maxLength: 2 }), { nil: null }),
  request,
});

const compile = (d: Doc, i: number, type: EvaluationPolicyType): CompiledPolicy => compilePolicy(d, { id: `${type}${i}`, type });
const compileList = (docs: Doc[], type: EvaluationPolicyType): CompiledPolicy[] => docs.map((d, i) => compile(d, i, type));

function input(s: Scenario): EvaluationInput {
  return {
    request: s.request,
    identityPolicies: compileList(s.identity, 'IDENTITY'),
    resourcePolicy: s.resource ? compile(s.resource, 0, 'RESOURCE') : undefined,
    permissionsBoundaries: compileList(s.boundary, 'PERMISSIONS_BOUNDARY'),
    sessionPolicies: compileList(s.session, 'SESSION'),
    serviceControlPolicies: s.scp ? compileList(s.scp, 'SERVICE_CONTROL') : undefined,
  };
}

const decide = (s: Scenario): string => evaluate(input(s)).decision;
const denyAll: Doc = { Version: V, Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
const allowAll: Doc = { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const runs = { numRuns: 300 };

describe('combiner properties', () => {
  it('an explicit deny in any policy type always wins', () => {
    fc.assert(fc.property(scenario, fc.constantFrom('identity', 'boundary', 'session', 'scp'), (s, where) => {
      const withDeny: Scenario = where === 'scp'
        ? { ...s, scp: [...(s.scp ?? [allowAll]), denyAll] }
        : { ...s, [where]: [...s[where as 'identity'], denyAll] };
      expect(decide(withDeny)).toBe('EXPLICIT_DENY');
    }), runs);
  });

  it('statement order and policy order never change the decision', () => {
    fc.assert(fc.property(scenario, (s) => {
      const reverse = (d: Doc): Doc => ({ ...d, Statement: [...d.Statement].reverse() });
      const flipped: Scenario = {
        ...s,
        identity: [...s.identity].reverse().map(reverse),
        resource: s.resource ? reverse(s.resource) : null,
        scp: s.scp ? [...s.scp].reverse().map(reverse) : null,
      };
      expect(decide(flipped)).toBe(decide(s));
    }), runs);
  });

  it('adding an Allow statement never turns ALLOWED into a deny', () => {
    fc.assert(fc.property(scenario, statement(false), (s, extra) => {
      fc.pre(decide(s) === 'ALLOWED');
      const allow = { ...extra, Effect: 'Allow' };
      expect(decide({ ...s, identity: [...s.identity, { Version: V, Statement: [allow] }] })).toBe('ALLOWED');
    }), runs);
  });

  it('a boundary or session policy never widens access', () => {
    fc.assert(fc.property(scenario, (s) => {
      if (decide(s) !== 'ALLOWED') return;
      expect(decide({ ...s, boundary: [] })).toBe('ALLOWED');
      expect(decide({ ...s, session: [] })).toBe('ALLOWED');
    }), runs);
  });

  it('SCPs never widen access, and explain never changes the answer', () => {
    fc.assert(fc.property(scenario, (s) => {
      const plain = evaluate(input(s));
      const explained = evaluate({ ...input(s), explain: true });
      expect(explained.decision).toBe(plain.decision);
      expect(explained.matchedStatements).toEqual(plain.matchedStatements);
      if (plain.decision === 'ALLOWED') expect(decide({ ...s, scp: null })).toBe('ALLOWED');
    }), runs);
  });

  it('the policy-set index never changes a decision', () => {
    fc.assert(fc.property(scenario, (s) => {
      const plain = input(s);
      const indexed = { ...plain, identityPolicies: createPolicySet(plain.identityPolicies as CompiledPolicy[]) };
      expect(evaluate(indexed)).toEqual(evaluate(plain));
    }), runs);
  });
});
