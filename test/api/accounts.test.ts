// Accounts: creation, and that nothing is ever visible across accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let other: string;
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

beforeAll(async () => {
  api = await startTestApi();
  other = dataOf(await api.gql(`mutation { createAccount(input: {accountAlias: "other-co"}) { account { accountId } } }`)).createAccount.account.accountId;
});
afterAll(async () => api?.stop());

describe('createAccount', () => {
  it('gives a random 12-digit id unless one is given', async () => {
    expect(other).toMatch(/^[1-9]\d{11}$/);
    const { account } = dataOf(await api.gql(`mutation { createAccount(input: {accountId: "123456789012", accountAlias: "acme"}) { account { accountId accountAlias arn } } }`)).createAccount;
    expect(account).toEqual({ accountId: '123456789012', accountAlias: 'acme', arn: 'arn:aws:iam::123456789012:root' });
  });

  it('refuses a taken id or alias, and bad ones', async () => {
    expect(errorCodeOf(await api.gql(`mutation { createAccount(input: {accountId: "123456789012"}) { account { accountId } } }`))).toBe('ENTITY_ALREADY_EXISTS');
    expect(errorCodeOf(await api.gql(`mutation { createAccount(input: {accountAlias: "acme"}) { account { accountId } } }`))).toBe('ENTITY_ALREADY_EXISTS');
    const badId = await api.gql(`mutation { createAccount(input: {accountId: "12345"}) { account { accountId } } }`);
    expect(badId.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
    const badAlias = await api.gql(`mutation { createAccount(input: {accountAlias: "-Bad--Alias"}) { account { accountId } } }`);
    expect(badAlias.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountAlias' });
  });

  it('reports the caller\'s account', async () => {
    expect(dataOf(await api.gql(`{ account { accountId } }`)).account.accountId).toBe(api.accountId);
    expect(dataOf(await api.gql(`{ account { accountId accountAlias } }`, {}, { accountId: other })).account).toEqual({ accountId: other, accountAlias: 'other-co' });
  });
});

describe('account isolation', () => {
  it('keeps users, groups, roles and policies of one account invisible to another', async () => {
    const user = dataOf(await api.gql(`mutation { createUser(input: {userName: "shared-name"}) { user { userId arn } } }`)).createUser.user;
    const policy = dataOf(await api.gql(`mutation($doc: JSON!) { createPolicy(input: {policyName: "mine", policyDocument: $doc}) { policy { arn policyId } } }`, { doc: DOC })).createPolicy.policy;
    dataOf(await api.gql(`mutation { createGroup(input: {groupName: "team"}) { group { groupId } } }`));

    const as = { accountId: other };
    expect(dataOf(await api.gql(`{ user(userName: "shared-name") { userId } }`, {}, as)).user).toBeNull();
    expect(dataOf(await api.gql(`{ users { totalCount } groups { totalCount } policies { totalCount } }`, {}, as))).toEqual({
      users: { totalCount: 0 },
      groups: { totalCount: 0 },
      policies: { totalCount: 0 },
    });
    expect(dataOf(await api.gql(`query($arn: String!) { entityByArn(arn: $arn) { arn } }`, { arn: user.arn }, as)).entityByArn).toBeNull();
    expect(dataOf(await api.gql(`query($id: String!) { entityById(id: $id) { arn } }`, { id: policy.policyId }, as)).entityById).toBeNull();
    expect(dataOf(await api.gql(`query($arn: String!) { policy(policyArn: $arn) { arn } }`, { arn: policy.arn }, as)).policy).toBeNull();

    const theirs = dataOf(await api.gql(`mutation { createUser(input: {userName: "shared-name"}) { user { arn } } }`, {}, as)).createUser.user;
    expect(theirs.arn).toBe(`arn:aws:iam::${other}:user/shared-name`);
    const attach = await api.gql(`mutation($arn: String!) { attachUserPolicy(input: {userName: "shared-name", policyArn: $arn}) { user { userName } } }`, { arn: policy.arn }, as);
    expect(errorCodeOf(attach)).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await api.gql(`mutation { addUserToGroup(input: {groupName: "team", userName: "shared-name"}) { user { userName } } }`, {}, as))).toBe('NO_SUCH_ENTITY');
    const deleted = dataOf(await api.gql(`mutation { deleteUser(input: {userName: "shared-name"}) { userId } }`, {}, as)).deleteUser;
    expect(deleted.userId).not.toBe(user.userId);
    expect(dataOf(await api.gql(`{ user(userName: "shared-name") { userId } }`)).user.userId).toBe(user.userId);
  });
});
