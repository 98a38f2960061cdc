// The warm path of self-authorization (issue 9): once its compiled principal is cached, an IAM
// user's authorized call sends exactly the SQL root's does (the request's one policy-epoch
// read included), for each call `npm run bench` measures against root, and for a read by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { iamCaller, putPolicy } from '../support/iam-callers.ts';

let api: TestApi;
let token: string;
let alice: string;

beforeAll(async () => {
  api = await startTestApi();
  dataOf(await api.gql('mutation { a: createUser(input: {userName: "alice"}) { user { arn } } b: createUser(input: {userName: "bob", path: "/staff/"}) { user { arn } } }'));
  alice = `arn:aws:iam::${api.accountId}:user/alice`;
  token = await iamCaller(api, 'caller');
  await putPolicy(api, 'caller', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser'], Resource: `arn:aws:iam::${api.accountId}:user/*` },
      { Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: alice },
    ],
  });
});
afterAll(async () => api?.stop());

describe('a warm authorized call by an IAM user', () => {
  const calls = {
    '{ __typename }': () => '{ __typename }',
    'users(first: 10)': () => '{ users(first: 10) { nodes { userName arn } } }',
    // the name's path is looked up to authorize, and the field answers from that same read
    'user(userName:)': () => '{ user(userName: "bob") { userName arn } }',
    evaluateAccess: () => `{ evaluateAccess(input: {principal: "${alice}", action: "s3:GetObject", resource: "*"}) { decision } }`,
  };
  for (const [name, query] of Object.entries(calls)) {
    it(`sends the SQL root's sends: ${name}`, async () => {
      // warm: the caller's and alice's principals loaded and compiled, the session cached
      for (const as of [undefined, { token }]) dataOf(await api.gql(query(), {}, as));
      const byRoot = await api.sqlCount(async () => dataOf(await api.gql(query())));
      const byUser = await api.sqlCount(async () => dataOf(await api.gql(query(), {}, { token })));
      expect(byRoot).toBeGreaterThan(0);
      expect(byUser).toBe(byRoot);
    });
  }
});
