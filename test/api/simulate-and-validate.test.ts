// simulateCustomPolicy and validatePolicy: the engine on documents the caller supplies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { findingAt } from '../support/findings.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const SIMULATE = `query($input: SimulateCustomPolicyInput!) { simulateCustomPolicy(input: $input) {
  decision allowed matchedStatements { policyId policyType sid effect statementIndex } policyTypeResults { policyType present allowed denied } trace { statementIndex matched }
} }`;
const USER = 'arn:aws:iam::111122223333:user/alice';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const request = (action: string, resource = '*', extra: Record<string, unknown> = {}) => ({ principal: USER, action, resource, ...extra });

describe('simulateCustomPolicy', () => {
  it('allows, and names the deciding statement by its input position', async () => {
    const answer = dataOf(
      await api.gql(SIMULATE, { input: { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }), doc({ Sid: 'X', Effect: 'Allow', Action: 'ec2:*', Resource: '*' })], request: request('ec2:StartInstances') } }),
    ).simulateCustomPolicy;
    expect(answer).toMatchObject({ decision: 'ALLOWED', allowed: true, trace: null });
    expect(answer.matchedStatements).toEqual([{ policyId: 'identityPolicies[1]', policyType: 'IDENTITY_POLICY', sid: 'X', effect: 'ALLOW', statementIndex: 0 }]);
  });

  it('lets an explicit deny in a session policy win', async () => {
    const answer = dataOf(
      await api.gql(SIMULATE, {
        input: { identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: '*' })], sessionPolicies: [doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' })], request: request('s3:GetObject') },
      }),
    ).simulateCustomPolicy;
    expect(answer.decision).toBe('EXPLICIT_DENY');
    expect(answer.matchedStatements[0].policyType).toBe('SESSION_POLICY');
  });

  it('requires a guardrail to allow when guardrails are given', async () => {
    const input = {
      identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: '*' })],
      serviceControlPolicies: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
    };
    expect(dataOf(await api.gql(SIMULATE, { input: { ...input, request: request('s3:GetObject') } })).simulateCustomPolicy.decision).toBe('ALLOWED');
    const outside = dataOf(await api.gql(SIMULATE, { input: { ...input, request: request('ec2:RunInstances') } })).simulateCustomPolicy;
    expect(outside.decision).toBe('IMPLICIT_DENY');
    expect(outside.policyTypeResults).toContainEqual({ policyType: 'SERVICE_CONTROL_POLICY', present: true, allowed: false, denied: false });
  });

  it('evaluates conditions against the given context, and traces on request', async () => {
    const input = {
      identityPolicies: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })],
      explain: true,
    };
    const secure = dataOf(await api.gql(SIMULATE, { input: { ...input, request: request('s3:GetObject', '*', { context: [{ key: 'aws:SecureTransport', values: ['true'], type: 'BOOLEAN' }] }) } }));
    expect(secure.simulateCustomPolicy.decision).toBe('ALLOWED');
    const plain = dataOf(await api.gql(SIMULATE, { input: { ...input, request: request('s3:GetObject') } })).simulateCustomPolicy;
    expect(plain.decision).toBe('IMPLICIT_DENY');
    expect(plain.trace).toEqual([{ statementIndex: 0, matched: false }]);
  });

  it('refuses every malformed document at once, each with its own findings', async () => {
    const response = await api.gql(SIMULATE, {
      input: {
        identityPolicies: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), doc({ Action: 's3:*', Resource: '*' })],
        permissionsBoundaries: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'x' } } })],
        request: request('s3:GetObject'),
      },
    });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    const error = response.errors![0]!;
    expect(error.extensions).toMatchObject({ field: 'identityPolicies[1]', findings: [findingAt('MISSING_EFFECT', ['Statement', 0])] });
    const documents = error.extensions!.documents as Array<{ field: string; findings: unknown[] }>;
    expect(documents.map((d) => d.field)).toEqual(['identityPolicies[1]', 'permissionsBoundaries[0]']);
    expect(documents[0]!.findings).toEqual(error.extensions!.findings);
    expect(documents[1]!.findings).toEqual([expect.objectContaining({ findingType: 'ERROR', issueCode: 'UNKNOWN_CONDITION_OPERATOR' })]);
    expect(error.message).toMatch(/^`identityPolicies\[1\]`: statement 0: missing `Effect`; `permissionsBoundaries\[0\]`: /);
  });

  it('takes at most one permissions boundary', async () => {
    const boundary = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    const response = await api.gql(SIMULATE, { input: { identityPolicies: [], permissionsBoundaries: [boundary, boundary], request: request('s3:GetObject') } });
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'permissionsBoundaries' });
  });
});

describe('validatePolicy', () => {
  const VALIDATE = `query($doc: JSON!, $type: PolicyType!, $resourceType: ValidatePolicyResourceType) { validatePolicy(policyDocument: $doc, policyType: $type, validatePolicyResourceType: $resourceType) { findings { findingType issueCode findingDetails locations { path { index value } statementIndex } } } }`;

  it('finds nothing wrong with a tidy policy', async () => {
    const result = dataOf(await api.gql(VALIDATE, { doc: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), type: 'IDENTITY_POLICY' }));
    expect(result.validatePolicy.findings).toEqual([]);
  });

  it('grades problems like Access Analyzer, with locations', async () => {
    const result = dataOf(
      await api.gql(VALIDATE, {
        doc: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3' }),
        type: 'IDENTITY_POLICY',
      }),
    ).validatePolicy.findings;
    expect(result).toContainEqual(expect.objectContaining({ findingType: 'SECURITY_WARNING', locations: [expect.objectContaining({ statementIndex: 0 })] }));
    expect(result).toContainEqual(expect.objectContaining({ findingType: 'ERROR', locations: [expect.objectContaining({ statementIndex: 1 })] }));
  });

  it('warns about a wildcard principal in a trust policy', async () => {
    const result = dataOf(await api.gql(VALIDATE, { doc: doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), type: 'RESOURCE_POLICY', resourceType: 'AWS_IAM_ASSUME_ROLE_POLICY_DOCUMENT' })).validatePolicy.findings;
    expect(result.map((finding: any) => finding.findingType)).toContain('SECURITY_WARNING');
  });

  it('reports JSON syntax errors as a finding rather than failing', async () => {
    const result = dataOf(await api.gql(VALIDATE, { doc: '{"Version": "2012-10-17", ', type: 'IDENTITY_POLICY' })).validatePolicy.findings;
    expect(result).toEqual([expect.objectContaining({ findingType: 'ERROR' })]);
  });
});
