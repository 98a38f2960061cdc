// Accounts: creation with a root user that signs in, and that nothing is ever visible across accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let other: string;
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

beforeAll(async () => {
  api = await startTestApi();
  other = (await api.createAccount({ accountAlias: 'other-co' })).accountId;
});
afterAll(async () => api?.stop());

const CREATE = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { accountId accountAlias accountName email arn } rootPassword } }`;
const create = (input: Record<string, unknown>) => api.gql(CREATE, { input: { accountName: 'Acme', email: `${Math.random()}@acme.test`, ...input } });

describe('createAccount', () => {
  it('gives a random 12-digit id unless one is given, and a root password shown once', async () => {
    expect(other).toMatch(/^[1-9]\d{11}$/);
    const { account, rootPassword } = dataOf(await create({ accountId: '123456789012', accountAlias: 'acme', email: 'Admin@Acme.test' })).createAccount;
    expect(account).toEqual({ accountId: '123456789012', accountAlias: 'acme', accountName: 'Acme', email: 'Admin@Acme.test', arn: 'arn:aws:iam::123456789012:root' });
    expect(rootPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    // The root signs in with its email, whatever its case, and acts in its own account.
    const token = await api.signIn({ email: 'admin@acme.TEST', password: rootPassword });
    expect(dataOf(await api.gql(`{ callerIdentity { account arn userId } }`, {}, { token })).callerIdentity).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:root',
      userId: '123456789012',
    });
    const stored = await api.prisma.account.findUniqueOrThrow({ where: { id: '123456789012' } });
    expect(stored.rootPasswordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain(rootPassword);
  });

  it('takes the root password when given, and then returns none', async () => {
    const created = dataOf(await create({ email: 'given@acme.test', rootPassword: 'a long enough password' })).createAccount;
    expect(created.rootPassword).toBeNull();
    expect(await api.signIn({ email: 'given@acme.test', password: 'a long enough password' })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a taken id, alias or email, and bad ones, creating nothing', async () => {
    const before = await api.prisma.account.count();
    expect(errorCodeOf(await create({ accountId: '123456789012' }))).toBe('ENTITY_ALREADY_EXISTS');
    expect(errorCodeOf(await create({ accountAlias: 'acme' }))).toBe('ENTITY_ALREADY_EXISTS');
    expect(errorCodeOf(await create({ email: 'ADMIN@acme.test' }))).toBe('ENTITY_ALREADY_EXISTS');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ accountId: '12345' }, 'BAD_USER_INPUT', 'accountId'],
      [{ accountAlias: '-Bad--Alias' }, 'BAD_USER_INPUT', 'accountAlias'],
      [{ email: 'not an email' }, 'BAD_USER_INPUT', 'email'],
      [{ email: `${'x'.repeat(60)}@acme.test` }, 'BAD_USER_INPUT', 'email'],
      [{ accountName: '' }, 'BAD_USER_INPUT', 'accountName'],
      [{ accountName: 'x'.repeat(51) }, 'BAD_USER_INPUT', 'accountName'],
      [{ rootPassword: 'short' }, 'PASSWORD_POLICY_VIOLATION', 'rootPassword'],
      [{ rootPassword: 'x'.repeat(129) }, 'PASSWORD_POLICY_VIOLATION', 'rootPassword'],
    ];
    for (const [input, code, field] of cases) {
      expect((await create(input)).errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    expect(await api.prisma.account.count()).toBe(before);
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
    expect(dataOf(await api.gql(`{ users { totalCount } groups { totalCount } policies(scope: LOCAL) { totalCount } }`, {}, as))).toEqual({
      users: { totalCount: 0 },
      groups: { totalCount: 0 },
      policies: { totalCount: 0 },
    });
    // Another account's ARN is refused whole, as AWS does, whether or not it exists (issue 9).
    expect(errorCodeOf(await api.gql(`query($arn: String!) { entityByArn(arn: $arn) { arn } }`, { arn: user.arn }, as))).toBe('ACCESS_DENIED');
    expect(dataOf(await api.gql(`query($id: String!) { entityById(id: $id) { arn } }`, { id: policy.policyId }, as)).entityById).toBeNull();
    expect(errorCodeOf(await api.gql(`query($arn: String!) { policy(policyArn: $arn) { arn } }`, { arn: policy.arn }, as))).toBe('ACCESS_DENIED');

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
