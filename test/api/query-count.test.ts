// Listing users with their groups, attached policies and tags costs a constant number of SQL
// statements, however many users the page holds (DataLoader batching).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  for (let g = 0; g < 5; g++) dataOf(await api.gql(`mutation { createGroup(input: {groupName: "g${g}"}) { group { groupId } } }`));
  for (let p = 0; p < 5; p++) {
    dataOf(await api.gql(`mutation($doc: JSON!) { createPolicy(input: {policyName: "p${p}", policyDocument: $doc}) { policy { arn } } }`, { doc }));
  }
  for (let u = 0; u < 100; u++) {
    const name = `u${String(u).padStart(3, '0')}`;
    dataOf(await api.gql(`mutation { createUser(input: {userName: "${name}", tags: [{key: "k1", value: "v"}, {key: "k2", value: "v"}]}) { user { userId } } }`));
    for (const g of [u % 5, (u + 1) % 5]) dataOf(await api.gql(`mutation { addUserToGroup(input: {groupName: "g${g}", userName: "${name}"}) { user { userName } } }`));
    for (const p of [u % 5, (u + 2) % 5]) {
      dataOf(await api.gql(`mutation { attachUserPolicy(input: {userName: "${name}", policyArn: "arn:aws:iam::${api.accountId}:policy/p${p}"}) { user { userName } } }`));
    }
  }
}, 180_000);
afterAll(async () => api?.stop());

const LIST = `query($first: Int) { users(first: $first) { totalCount nodes { userName groups { groupName } attachedPolicies { policyName } tags { key value } } } }`;

describe('query count', () => {
  it('lists 100 users with groups, policies and tags in a constant number of statements', async () => {
    let page: any;
    await api.gql('{ __typename }'); // the session, verified once and cached from here on
    const statementsFor100 = await api.sqlCount(async () => {
      page = dataOf(await api.gql(LIST, { first: 100 })).users;
    });
    expect(page.nodes).toHaveLength(100);
    expect(page.nodes[7].groups.map((g: any) => g.groupName)).toEqual(['g2', 'g3']);
    expect(page.nodes[7].attachedPolicies.map((p: any) => p.policyName)).toEqual(['p2', 'p4']);
    expect(page.nodes[7].tags).toHaveLength(2);

    const statementsFor5 = await api.sqlCount(async () => {
      dataOf(await api.gql(LIST, { first: 5 }));
    });
    // The epoch read that checks the cached session (1), the page and its count (2), tags (1),
    // and groups and attached policies (2 each: Prisma loads a join table's `include` in a
    // second statement): 8, whatever the page size.
    expect(statementsFor100).toBe(8);
    expect(statementsFor5).toBe(statementsFor100);
  });
});
