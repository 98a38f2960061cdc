// principalPermissions walks the service catalog the API serves: AWS's services and the
// account's registered ones, as of the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  dataOf(await api.gql('mutation { createUser(input: {userName: "reader"}) { user { userName } } }'));
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['reports:Get*', 's3:GetObject'], Resource: '*' }] };
  dataOf(await api.gql('mutation($doc: JSON!) { putUserPolicy(input: {userName: "reader", policyName: "read", policyDocument: $doc}) { user { userName } } }', { doc }));
});
afterAll(async () => api?.stop());

const PERMISSIONS = `query($p: String!, $s: String!) { principalPermissions(principal: $p, filter: {servicePrefix: $s}, first: 400) { complete actions { action access } } }`;
const accessOf = async (service: string) => {
  const answer = dataOf(await api.gql(PERMISSIONS, { p: `arn:aws:iam::${api.accountId}:user/reader`, s: service })).principalPermissions;
  expect(answer.complete).toBe(true);
  return new Map<string, string>(answer.actions.map((a: { action: string; access: string }) => [a.action, a.access]));
};

describe('principalPermissions over the served catalog', () => {
  it('lists AWS\'s actions of a service', async () => {
    const s3 = await accessOf('s3');
    expect(s3.size).toBeGreaterThan(100);
    expect(s3.get('s3:GetObject')).toBe('ALLOWED');
    expect(s3.get('s3:PutObject')).toBe('NOT_GRANTED');
  });

  it('lists a service the account registered, from the next request on', async () => {
    expect((await accessOf('reports')).size).toBe(0);
    dataOf(
      await api.gql(`mutation { putService(input: {servicePrefix: "reports", serviceName: "Reports", actions: [{name: "GetReport", accessLevel: READ}, {name: "DeleteReport", accessLevel: WRITE}]}) { service { actionCount } } }`),
    );
    const reports = await accessOf('reports');
    expect(Object.fromEntries(reports)).toEqual({ 'reports:DeleteReport': 'NOT_GRANTED', 'reports:GetReport': 'ALLOWED' });
  });
});
