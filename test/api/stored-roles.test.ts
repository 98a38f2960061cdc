// A stored role is evaluated as a session of the role (a role never makes a request itself), and
// the global keys AWS puts in every request are filled: issue 11's reproduction and its neighbours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let account: string;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const ONLY_S3 = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
const TRUST = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
const queue = () => `arn:aws:sqs:us-east-1:${account}:jobs`;
const grantTo = (principal: string) => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sqs:SendMessage', Resource: queue() });

const EVALUATE = `query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) {
  decision missingContextKeys matchedStatements { policyType effect } } }`;
const SIMULATE = `query($input: SimulateCustomPolicyInput!) { simulateCustomPolicy(input: $input) { decision missingContextKeys } }`;

async function evaluateAccess(input: Record<string, unknown>) {
  return dataOf(await api.gql(EVALUATE, { input })).evaluateAccess;
}

beforeAll(async () => {
  api = await startTestApi();
  account = api.accountId;
  const boundary = `arn:aws:iam::${account}:policy/OnlyS3`;
  dataOf(await api.gql(`mutation($doc: JSON!) { createPolicy(input: {policyName: "OnlyS3", policyDocument: $doc}) { policy { arn } } }`, { doc: ONLY_S3 }));
  dataOf(await api.gql(`mutation($trust: JSON!, $b: String!) {
    worker: createRole(input: {roleName: "Worker", assumeRolePolicyDocument: $trust, permissionsBoundary: $b}) { role { arn } }
    free: createRole(input: {roleName: "Free", path: "/svc/", assumeRolePolicyDocument: $trust, tags: [{key: "team", value: "blue"}]}) { role { arn } }
    user: createUser(input: {userName: "carol", permissionsBoundary: $b}) { user { arn } } }`, { trust: TRUST, b: boundary }));
});
afterAll(async () => api?.stop());

describe('a stored role is evaluated as its session', () => {
  it('limits a resource policy naming the role by the role\'s boundary (the reproduction)', async () => {
    const role = `arn:aws:iam::${account}:role/Worker`;
    const answer = await evaluateAccess({ principal: role, action: 'sqs:SendMessage', resource: queue(), resourcePolicy: grantTo(role) });
    expect(answer).toEqual({ decision: 'IMPLICIT_DENY', missingContextKeys: [], matchedStatements: [] });
  });

  it('still lets a grant to the user itself past the user\'s boundary', async () => {
    const user = `arn:aws:iam::${account}:user/carol`;
    const answer = await evaluateAccess({ principal: user, action: 'sqs:SendMessage', resource: queue(), resourcePolicy: grantTo(user) });
    expect(answer.decision).toBe('ALLOWED');
  });

  it('is the session `gatehouse`: a grant to that session ARN reaches past the boundary', async () => {
    const role = `arn:aws:iam::${account}:role/Worker`;
    const session = `arn:aws:sts::${account}:assumed-role/Worker/gatehouse`;
    expect((await evaluateAccess({ principal: role, action: 'sqs:SendMessage', resource: queue(), resourcePolicy: grantTo(session) })).decision).toBe('ALLOWED');
    const other = `arn:aws:sts::${account}:assumed-role/Worker/someone-else`;
    expect((await evaluateAccess({ principal: role, action: 'sqs:SendMessage', resource: queue(), resourcePolicy: grantTo(other) })).decision).toBe('IMPLICIT_DENY');
  });

  it('gives the session\'s keys: the role ARN with its path, ROLEID:gatehouse, AssumedRole, the role\'s tags', async () => {
    const roleArn = `arn:aws:iam::${account}:role/svc/Free`;
    const { role } = dataOf(await api.gql(`{ role(roleName: "Free") { roleId } }`));
    const condition = {
      ArnEquals: { 'aws:PrincipalArn': roleArn },
      StringEquals: { 'aws:userid': `${role.roleId}:gatehouse`, 'aws:PrincipalType': 'AssumedRole', 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalAccount': account },
      Bool: { 'aws:PrincipalIsAWSService': 'false' },
    };
    const policy = doc({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'sqs:SendMessage', Resource: '*', Condition: condition });
    const answer = await evaluateAccess({ principal: roleArn, action: 'sqs:SendMessage', resource: queue(), resourcePolicy: policy });
    expect(answer).toMatchObject({ decision: 'ALLOWED', missingContextKeys: [] });
  });

  it('answers the same in simulateCustomPolicy given the role ARN or the session ARN', async () => {
    const role = `arn:aws:iam::${account}:role/Worker`;
    for (const principal of [role, `arn:aws:sts::${account}:assumed-role/Worker/s1`]) {
      const input = { identityPolicies: [], permissionsBoundaries: [ONLY_S3], resourcePolicy: grantTo(role), request: { principal, action: 'sqs:SendMessage', resource: queue() } };
      expect(dataOf(await api.gql(SIMULATE, { input })).simulateCustomPolicy.decision, principal).toBe('IMPLICIT_DENY');
    }
  });
});

describe('global keys every request has', () => {
  it('fills aws:PrincipalIsAWSService, and a caller cannot override it', async () => {
    const user = `arn:aws:iam::${account}:user/carol`;
    const policy = doc({ Effect: 'Allow', Principal: { AWS: user }, Action: 'sqs:SendMessage', Resource: '*', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } });
    const base = { principal: user, action: 'sqs:SendMessage', resource: queue(), resourcePolicy: policy };
    expect(await evaluateAccess(base)).toMatchObject({ decision: 'ALLOWED', missingContextKeys: [] });
    const spoofed = await evaluateAccess({ ...base, context: [{ key: 'aws:PrincipalIsAWSService', values: ['true'], type: 'BOOLEAN' }] });
    expect(spoofed.decision).toBe('ALLOWED');
  });

  it('fills it in simulateCustomPolicy too', async () => {
    const policy = doc({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: '*', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } });
    const request = { principal: `arn:aws:iam::${account}:user/x`, action: 's3:PutObject', resource: 'arn:aws:s3:::logs/x' };
    const answer = await api.gql(SIMULATE, { input: { identityPolicies: [], resourcePolicy: policy, request } });
    expect(dataOf(answer).simulateCustomPolicy).toEqual({ decision: 'ALLOWED', missingContextKeys: [] });
  });
});

describe('sessionIssuer', () => {
  const federated = () => `arn:aws:sts::${account}:federated-user/bob`;
  const simulate = (sessionIssuer: string, extra: Record<string, unknown> = {}) =>
    api.gql(SIMULATE, {
      input: { identityPolicies: [], sessionPolicies: [doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })], ...extra,
        request: { principal: federated(), sessionIssuer, action: 'sqs:SendMessage', resource: queue() } },
    });

  it('lets a resource policy naming the user who federated apply, limited by the boundary', async () => {
    const issuer = `arn:aws:iam::${account}:user/bob-federator`;
    expect(dataOf(await simulate(issuer, { resourcePolicy: grantTo(issuer) })).simulateCustomPolicy.decision).toBe('ALLOWED');
    const bounded = await simulate(issuer, { resourcePolicy: grantTo(issuer), permissionsBoundaries: [ONLY_S3] });
    expect(dataOf(bounded).simulateCustomPolicy.decision).toBe('IMPLICIT_DENY');
  });

  it('refuses an issuer that cannot have issued the session', async () => {
    for (const issuer of [`arn:aws:iam::${account}:role/Worker`, `arn:aws:iam::999988887777:user/bob`, 'bob']) {
      const answer = await simulate(issuer);
      expect(errorCodeOf(answer), issuer).toBe('BAD_USER_INPUT');
      expect(answer.errors![0]!.extensions!.field).toBe('request.sessionIssuer');
    }
  });
});
