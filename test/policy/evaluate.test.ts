// Evaluation beyond the JSON cases: decision reasons, traces, the policy-set
// index agreeing with a plain scan, and compile errors.
import { describe, expect, it } from 'vitest';
import {
  compilePolicy, contextFromRecord, createPolicySet, evaluate, PolicyDocumentError,
  type AccessRequest, type CompiledPolicy,
} from '../../src/policy/index.ts';

const V = '2012-10-17';
const alice = 'arn:aws:iam::111122223333:user/alice';
let n = 0;
const identity = (...Statement: object[]): CompiledPolicy =>
  compilePolicy({ Version: V, Statement }, { id: `p${n++}`, type: 'IDENTITY' });
const request = (action: string, resource = 'arn:aws:s3:::b/k', context: AccessRequest['context'] = []): AccessRequest =>
  ({ principal: alice, action, resource, context });

describe('decision reasons', () => {
  const allow = identity({ Sid: 'A', Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const deny = identity({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, { Sid: 'D', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' });

  it('lists the allowing statements', () => {
    const d = evaluate({ request: request('s3:GetObject'), identityPolicies: [allow, deny] });
    expect(d.decision).toBe('ALLOWED');
    expect(d.matchedStatements).toEqual([{ policyId: allow.id, policyType: 'IDENTITY', sid: 'A', statementIndex: 0, effect: 'Allow' }]);
    expect(d.policyTypeResults.find((r) => r.policyType === 'IDENTITY')).toEqual({ policyType: 'IDENTITY', present: true, allowed: true, denied: false });
    expect(d.trace).toBeUndefined();
  });

  it('lists the denying statements', () => {
    const d = evaluate({ request: request('s3:DeleteObject'), identityPolicies: [allow, deny] });
    expect(d.decision).toBe('EXPLICIT_DENY');
    expect(d.matchedStatements.map((m) => [m.sid, m.statementIndex])).toEqual([['D', 1]]);
  });

  it('explains every statement with condition reasons', () => {
    const conditional = identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    const d = evaluate({ request: request('s3:GetObject'), identityPolicies: [conditional, deny], explain: true });
    expect(d.decision).toBe('IMPLICIT_DENY');
    expect(d.missingContextKeys).toEqual(['aws:SourceIp']);
    expect(d.trace).toHaveLength(3);
    const [first] = d.trace ?? [];
    expect(first).toMatchObject({ actionMatched: true, resourceMatched: true, principalMatched: null, matched: false });
    expect(first?.conditions[0]).toEqual({ operator: 'IpAddress', key: 'aws:SourceIp', matched: false, reason: 'key `aws:SourceIp` is missing' });
  });

  it('reports why a present value failed', () => {
    const conditional = identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } });
    const ctx = contextFromRecord({ 'aws:PrincipalTag/team': 'blue' });
    const d = evaluate({ request: request('s3:GetObject', '*', ctx), identityPolicies: [conditional], explain: true });
    expect(d.trace?.[0]?.conditions[0]?.reason).toBe('value `blue` does not satisfy `StringEquals` `red`');
  });
});

describe('resource policies', () => {
  const bucket = (Principal: unknown, extra: object = {}): CompiledPolicy =>
    compilePolicy({ Version: V, Statement: [{ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra }] }, { id: 'bucket', type: 'RESOURCE' });

  it('NotPrincipal deny applies to everyone else', () => {
    const policy = compilePolicy({ Version: V, Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/bob' }, Action: 's3:*', Resource: '*' },
    ] }, { id: 'r', type: 'RESOURCE' });
    expect(evaluate({ request: request('s3:GetObject'), identityPolicies: [], resourcePolicy: policy }).decision).toBe('EXPLICIT_DENY');
    const bob = { ...request('s3:GetObject'), principal: 'arn:aws:iam::111122223333:user/bob' };
    expect(evaluate({ request: bob, identityPolicies: [], resourcePolicy: policy }).decision).toBe('ALLOWED');
  });

  it('a role ARN matches its sessions but not other roles', () => {
    const policy = bucket({ AWS: 'arn:aws:iam::111122223333:role/path/Dev' });
    const session = { ...request('s3:GetObject'), principal: 'arn:aws:sts::111122223333:assumed-role/Dev/s1' };
    expect(evaluate({ request: session, identityPolicies: [], resourcePolicy: policy }).decision).toBe('ALLOWED');
    const other = { ...session, principal: 'arn:aws:sts::111122223333:assumed-role/Ops/s1' };
    expect(evaluate({ request: other, identityPolicies: [], resourcePolicy: policy }).decision).toBe('IMPLICIT_DENY');
  });

  it('trust policies compile without Resource', () => {
    const trust = compilePolicy({ Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }] }, { id: 't', type: 'RESOURCE' });
    const req = { principal: 'arn:aws:iam::444455556666:user/x', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/R', resourceAccount: '111122223333', context: [] };
    const allowAssume = identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    expect(evaluate({ request: req, identityPolicies: [allowAssume], resourcePolicy: trust }).decision).toBe('ALLOWED');
    expect(evaluate({ request: req, identityPolicies: [], resourcePolicy: trust }).decision).toBe('IMPLICIT_DENY');
  });
});

describe('policy sets', () => {
  const services = ['s3', 'ec2', 'iam', 'sqs', 'sns'];
  const policies = services.map((svc, i) => identity(
    { Effect: 'Allow', Action: [`${svc}:Get*`, `${svc}:List*`], Resource: '*' },
    { Effect: 'Deny', Action: `${svc}:Delete${svc}`, Resource: '*' },
    { Effect: i % 2 ? 'Allow' : 'Deny', NotAction: `${svc}:*`, Resource: `arn:aws:${svc}:::x` },
    { Effect: 'Allow', Action: '*:Describe*', Resource: '*' },
    { Effect: 'Allow', Action: `${svc}:?ut*`, Resource: '*' },
  ));
  const set = createPolicySet(policies);
  const actions = services.flatMap((s) => [`${s}:GetThing`, `${s}:ListAll`, `${s}:Delete${s}`, `${s}:DescribeX`, `${s}:PutX`, `${s}:Other`]);
  for (const action of actions) {
    it(`agrees with a plain scan for ${action}`, () => {
      for (const resource of ['*', 'arn:aws:s3:::x', 'arn:aws:ec2:::x']) {
        const plain = evaluate({ request: request(action, resource), identityPolicies: policies });
        const indexed = evaluate({ request: request(action, resource), identityPolicies: set });
        expect(indexed).toEqual(plain);
      }
    });
  }
});

describe('compilePolicy', () => {
  it('throws PolicyDocumentError with all findings', () => {
    let caught: unknown;
    try {
      compilePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}', { id: 'x', type: 'IDENTITY' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PolicyDocumentError);
    expect((caught as PolicyDocumentError).findings.map((f) => f.issueCode).sort()).toEqual(['MISSING_ACTION', 'MISSING_RESOURCE']);
  });

  it('accepts warnings and JSON text', () => {
    const p = compilePolicy('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', { id: 'old', type: 'IDENTITY' });
    expect(p.statements).toHaveLength(1);
    expect(p.version).toBeNull();
  });
});

describe('contextFromRecord', () => {
  it('stringifies scalars and marks arrays multi-valued', () => {
    expect(contextFromRecord({ a: 1, b: true, c: ['x', 2], d: [] })).toEqual([
      { key: 'a', values: ['1'] },
      { key: 'b', values: ['true'] },
      { key: 'c', values: ['x', '2'], type: 'STRING_LIST' },
      { key: 'd', values: [], type: 'STRING_LIST' },
    ]);
  });
});
