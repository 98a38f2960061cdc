// aws:ResourceTag/* of a call's target, set by the server when it authorizes the call: a policy
// that grants on tags reaches exactly the users, roles and policies that carry them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { allow, iamCaller, putPolicy } from '../support/iam-callers.ts';

let api: TestApi;
let token: string;

const BLUE = { StringEquals: { 'aws:ResourceTag/team': 'blue' } };
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const codeOf = (answer: { errors?: Array<{ extensions?: { code?: unknown } }> }) => answer.errors?.[0]?.extensions?.code ?? 'OK';

beforeAll(async () => {
  api = await startTestApi();
  token = await iamCaller(api, 'tagged-reader');
  dataOf(await api.gql('mutation { tagUser(input: {userName: "tagged-reader", tags: [{key: "team", value: "blue"}]}) { __typename } }'));
  for (const [name, team] of [['blue-user', 'blue'], ['red-user', 'red'], ['plain-user', null]] as const) {
    const tags = team ? `, tags: [{key: "team", value: "${team}"}]` : '';
    dataOf(await api.gql(`mutation { createUser(input: {userName: "${name}", path: "/t/"${tags}}) { __typename } }`));
  }
  for (const [name, team] of [['blue-role', 'blue'], ['red-role', 'red']]) {
    dataOf(await api.gql('mutation($input: CreateRoleInput!) { createRole(input: $input) { __typename } }', {
      input: { roleName: name, assumeRolePolicyDocument: TRUST, tags: [{ key: 'team', value: team }] },
    }));
    dataOf(await api.gql('mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { __typename } }', {
      input: { policyName: `${name}-policy`, policyDocument: DOC, tags: [{ key: 'team', value: team }] },
    }));
  }
  await putPolicy(api, 'tagged-reader', allow(['iam:GetUser', 'iam:GetRole', 'iam:GetPolicy'], '*', BLUE));
});
afterAll(async () => api?.stop());

describe('aws:ResourceTag of the target', () => {
  it('is the named user’s tags, path and all', async () => {
    const get = (name: string) => api.gql(`{ user(userName: "${name}") { userName } }`, {}, { token });
    expect(dataOf(await get('blue-user')).user.userName).toBe('blue-user');
    expect(codeOf(await get('red-user'))).toBe('ACCESS_DENIED');
    expect(codeOf(await get('plain-user'))).toBe('ACCESS_DENIED');
    expect(codeOf(await get('missing-user'))).toBe('ACCESS_DENIED');
  });

  it('is the caller’s own tags when the caller is the target', async () => {
    expect(dataOf(await api.gql('{ user(userName: "tagged-reader") { userName } }', {}, { token })).user.userName).toBe('tagged-reader');
  });

  it('is a role’s and a customer managed policy’s tags', async () => {
    expect(dataOf(await api.gql('{ role(roleName: "blue-role") { roleName } }', {}, { token })).role.roleName).toBe('blue-role');
    expect(codeOf(await api.gql('{ role(roleName: "red-role") { roleName } }', {}, { token }))).toBe('ACCESS_DENIED');
    const policy = (name: string) => api.gql(`{ policy(policyArn: "arn:aws:iam::${api.accountId}:policy/${name}") { policyName } }`, {}, { token });
    expect(dataOf(await policy('blue-role-policy')).policy.policyName).toBe('blue-role-policy');
    expect(codeOf(await policy('red-role-policy'))).toBe('ACCESS_DENIED');
  });

  it('follows a retag on the very next call', async () => {
    dataOf(await api.gql('mutation { tagUser(input: {userName: "red-user", tags: [{key: "team", value: "blue"}]}) { __typename } }'));
    expect(dataOf(await api.gql('{ user(userName: "red-user") { userName } }', {}, { token })).user.userName).toBe('red-user');
    dataOf(await api.gql('mutation { untagUser(input: {userName: "red-user", tagKeys: ["team"]}) { __typename } }'));
    expect(codeOf(await api.gql('{ user(userName: "red-user") { userName } }', {}, { token }))).toBe('ACCESS_DENIED');
  });

  it('costs nothing for a caller whose policies never mention it', async () => {
    const plain = await iamCaller(api, 'untagged-reader');
    await putPolicy(api, 'untagged-reader', allow('iam:GetUser'));
    const get = (as?: { token: string }) => api.gql('{ user(userName: "blue-user") { userName } }', {}, as);
    dataOf(await get({ token: plain }));
    dataOf(await get({ token }));
    const plainCost = await api.sqlCount(async () => dataOf(await get({ token: plain })));
    const taggedCost = await api.sqlCount(async () => dataOf(await get({ token })));
    expect(taggedCost).toBe(plainCost + 1);
  });
});
