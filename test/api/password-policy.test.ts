// updateAccountPasswordPolicy, accountPasswordPolicy, deleteAccountPasswordPolicy, and what the
// policy does to IAM users' passwords (rules, expiry), through the HTTP API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';
import { CREATE_LOGIN_PROFILE, CREATE_USER, DELETE_POLICY, UPDATE_POLICY, createLoginUser, signInUser } from '../support/login-users.ts';

let api: TestApi;
let now = new Date('2026-03-01T10:00:00Z');
beforeAll(async () => {
  api = await startTestApi({ clock: () => now });
});
afterAll(async () => api?.stop());
beforeEach(async () => {
  await api.gql(DELETE_POLICY);
});

const POLICY = `{ accountPasswordPolicy { minimumPasswordLength requireSymbols requireNumbers requireUppercaseCharacters requireLowercaseCharacters
  allowUsersToChangePassword expirePasswords maxPasswordAge passwordReusePrevention hardExpiry } }`;
const policy = async () => dataOf(await api.gql(POLICY)).accountPasswordPolicy;

describe('the account password policy', () => {
  it('is null until set; omitted fields take the defaults, and each update replaces the whole policy', async () => {
    expect(await policy()).toBeNull();
    dataOf(await api.gql(UPDATE_POLICY, { input: { requireSymbols: true, maxPasswordAge: 90 } }));
    expect(await policy()).toEqual({
      minimumPasswordLength: 8,
      requireSymbols: true,
      requireNumbers: false,
      requireUppercaseCharacters: false,
      requireLowercaseCharacters: false,
      allowUsersToChangePassword: false,
      expirePasswords: true,
      maxPasswordAge: 90,
      passwordReusePrevention: null,
      hardExpiry: false,
    });
    const { updateAccountPasswordPolicy } = dataOf(await api.gql(UPDATE_POLICY, { input: { minimumPasswordLength: 128, passwordReusePrevention: 24 } }));
    expect(updateAccountPasswordPolicy.passwordPolicy).toMatchObject({ minimumPasswordLength: 128, passwordReusePrevention: 24, maxPasswordAge: null, expirePasswords: false });
    expect((await policy()).requireSymbols).toBe(false);
  });

  it('is deleted once: `deleted` says whether there was one', async () => {
    dataOf(await api.gql(UPDATE_POLICY, { input: {} }));
    expect(dataOf(await api.gql(DELETE_POLICY)).deleteAccountPasswordPolicy.deleted).toBe(true);
    expect(dataOf(await api.gql(DELETE_POLICY)).deleteAccountPasswordPolicy.deleted).toBe(false);
    expect(await policy()).toBeNull();
  });

  it.each([
    ['minimumPasswordLength', 7],
    ['minimumPasswordLength', 129],
    ['maxPasswordAge', 0],
    ['maxPasswordAge', 1096],
    ['passwordReusePrevention', 0],
    ['passwordReusePrevention', 25],
  ])('refuses %s %i with BAD_USER_INPUT, changing nothing', async (field, value) => {
    dataOf(await api.gql(UPDATE_POLICY, { input: { minimumPasswordLength: 10 } }));
    const response = await api.gql(UPDATE_POLICY, { input: { [field]: value } });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions!.field).toBe(field);
    expect((await policy()).minimumPasswordLength).toBe(10);
  });

  it('reports every out-of-range field at once', async () => {
    const response = await api.gql(UPDATE_POLICY, { input: { minimumPasswordLength: 6, maxPasswordAge: -1, passwordReusePrevention: 99 } });
    expect((firstError(response).extensions!.problems as Array<{ field: string }>).map((problem) => problem.field)).toEqual([
      'minimumPasswordLength',
      'maxPasswordAge',
      'passwordReusePrevention',
    ]);
    expect(await policy()).toBeNull();
  });

  it('belongs to one account: another account keeps the default', async () => {
    const other = await api.createAccount();
    dataOf(await api.gql(UPDATE_POLICY, { input: { minimumPasswordLength: 40 } }));
    expect(dataOf(await api.gql(POLICY, {}, { accountId: other.accountId })).accountPasswordPolicy).toBeNull();
    await createLoginUser(api, 'short-but-fine', 'twelve chars', { accountId: other.accountId });
  });
});

describe('new passwords under the policy', () => {
  const tryPassword = async (userName: string, password: string) => api.gql(CREATE_LOGIN_PROFILE, { input: { userName, password } });

  it('follow its length and character rules, and still may not be common', async () => {
    dataOf(await api.gql(CREATE_USER, { input: { userName: 'hal' } }));
    dataOf(await api.gql(UPDATE_POLICY, { input: { minimumPasswordLength: 14, requireNumbers: true, requireUppercaseCharacters: true } }));
    for (const [password, rule] of [
      ['Short 1', 'must be at least 14 characters'],
      ['No Digits Here At All', 'must contain a digit (0-9)'],
      ['no uppercase here 1', 'must contain an uppercase letter (A-Z)'],
    ] as const) {
      const response = await tryPassword('hal', password);
      expect(errorCodeOf(response)).toBe('PASSWORD_POLICY_VIOLATION');
      expect(firstError(response).message).toBe(`\`password\`: the password ${rule}`);
    }
    dataOf(await api.gql(UPDATE_POLICY, { input: {} }));
    expect(firstError(await tryPassword('hal', 'Qwertyuiop')).message).toMatch(/most common passwords/);
    dataOf(await tryPassword('hal', 'Seven Long Rivers 7'));
  });
});

describe('password age', () => {
  it('past maxPasswordAge, signing in opens a session that must change it; with hardExpiry, sign-in fails', async () => {
    await createLoginUser(api, 'ida', 'ida has a password');
    dataOf(await api.gql(UPDATE_POLICY, { input: { maxPasswordAge: 30 } }));
    expect(dataOf(await signInUser(api, api.accountId, 'ida', 'ida has a password')).signIn.passwordResetRequired).toBe(false);
    const created = now;
    try {
      const expired = new Date(created.getTime() + 30 * 86_400_000);
      now = expired;
      expect(dataOf(await signInUser(api, api.accountId, 'ida', 'ida has a password')).signIn.passwordResetRequired).toBe(true);
      now = created; // the root's session of the harness lasts 12 hours
      dataOf(await api.gql(UPDATE_POLICY, { input: { maxPasswordAge: 30, hardExpiry: true } }));
      now = expired;
      expect(errorCodeOf(await signInUser(api, api.accountId, 'ida', 'ida has a password'))).toBe('SIGN_IN_FAILED');
    } finally {
      now = created;
    }
  });
});
