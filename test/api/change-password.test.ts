// changePassword: the caller's own password, root's or an IAM user's, through the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';
import {
  CHANGE_PASSWORD,
  DELETE_POLICY,
  UPDATE_LOGIN_PROFILE,
  UPDATE_POLICY,
  createLoginUser,
  signInUser,
  statusWith,
} from '../support/login-users.ts';

let api: TestApi;
beforeAll(async () => {
  // Many sign-ins of one name in a minute here: the per-name limit is sign-in-throttle's to test.
  api = await startTestApi({ auth: { signInLimitPerUser: 0, signInLimitPerIp: 0 } });
});
afterAll(async () => api?.stop());

const tokenOf = async (userName: string, password: string) => dataOf(await signInUser(api, api.accountId, userName, password)).signIn.sessionToken as string;
const change = (token: string, oldPassword: string, newPassword: string) => api.gql(CHANGE_PASSWORD, { input: { oldPassword, newPassword } }, { token });

describe('changePassword by an IAM user', () => {
  it('sets the new password and ends the caller’s other sessions, keeping the current one', async () => {
    await createLoginUser(api, 'jo', 'jo first password');
    const current = await tokenOf('jo', 'jo first password');
    const others = [await tokenOf('jo', 'jo first password'), await tokenOf('jo', 'jo first password')];
    for (const token of others) expect((await statusWith(api, token)).status).toBe(200);

    expect(dataOf(await change(current, 'jo first password', 'jo second password')).changePassword.revokedSessionCount).toBe(2);
    for (const token of others) expect(await statusWith(api, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await statusWith(api, current)).toEqual({ status: 200, code: undefined });
    expect(errorCodeOf(await signInUser(api, api.accountId, 'jo', 'jo first password'))).toBe('SIGN_IN_FAILED');
    await tokenOf('jo', 'jo second password');
  });

  it('refuses a wrong old password with BAD_USER_INPUT on `oldPassword`, changing nothing', async () => {
    await createLoginUser(api, 'kit', 'kit first password');
    const token = await tokenOf('kit', 'kit first password');
    const response = await change(token, 'not the password', 'kit second password');
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions!.field).toBe('oldPassword');
    await tokenOf('kit', 'kit first password');
  });

  it('counts wrong old passwords toward the sign-in lockout', async () => {
    await createLoginUser(api, 'lee', 'lee first password');
    const token = await tokenOf('lee', 'lee first password');
    for (let attempt = 0; attempt < 10; attempt++) expect(errorCodeOf(await change(token, `guess ${attempt}`, 'lee second password'))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(await signInUser(api, api.accountId, 'lee', 'lee first password'))).toBe('SIGN_IN_FAILED');
    // and while locked, the right old password is refused alike
    const locked = await change(token, 'lee first password', 'lee second password');
    expect(firstError(locked).message).toBe('`oldPassword`: does not match the current password');
  });

  it.each([
    ['the same password', 'mo first password', /must differ from the current one/],
    ['a common password', 'trustno1', /most common passwords/],
    ['the user name', 'MO-THE-USER', /must not be the user name/],
  ])('refuses %s as the new one with PASSWORD_POLICY_VIOLATION', async (_what, newPassword, message) => {
    await createLoginUser(api, 'mo-the-user', 'mo first password');
    try {
      const response = await change(await tokenOf('mo-the-user', 'mo first password'), 'mo first password', newPassword);
      expect(errorCodeOf(response)).toBe('PASSWORD_POLICY_VIOLATION');
      expect(firstError(response).message).toMatch(message);
      await tokenOf('mo-the-user', 'mo first password');
    } finally {
      dataOf(await api.gql('mutation { deleteLoginProfile(input: { userName: "mo-the-user" }) { userName } }'));
      dataOf(await api.gql('mutation { deleteUser(input: { userName: "mo-the-user" }) { userId } }'));
    }
  });

  it('refuses an earlier password under reuse prevention', async () => {
    await createLoginUser(api, 'ned', 'ned password one');
    dataOf(await api.gql(UPDATE_POLICY, { input: { allowUsersToChangePassword: true, passwordReusePrevention: 2 } }));
    try {
      const token = await tokenOf('ned', 'ned password one');
      dataOf(await change(token, 'ned password one', 'ned password two'));
      const reused = await change(token, 'ned password two', 'ned password one');
      expect(firstError(reused).message).toBe('`newPassword`: the password must not be one of the last 2 passwords');
      dataOf(await change(token, 'ned password two', 'ned password three'));
      dataOf(await change(token, 'ned password three', 'ned password one')); // three back: allowed again
    } finally {
      dataOf(await api.gql(DELETE_POLICY));
    }
  });
});

describe('allowUsersToChangePassword', () => {
  it('false refuses IAM users, except a session that must reset its password; the change ends reset mode', async () => {
    await createLoginUser(api, 'ora', 'ora first password');
    dataOf(await api.gql(UPDATE_POLICY, { input: { allowUsersToChangePassword: false } }));
    try {
      const first = await tokenOf('ora', 'ora first password');
      const refused = await change(first, 'ora first password', 'ora second password');
      expect(errorCodeOf(refused)).toBe('PASSWORD_POLICY_VIOLATION');
      expect(firstError(refused).message).toMatch(/does not let IAM users change their own password/);
      dataOf(await api.gql('mutation { signOut { sessionEnded } }', {}, { token: first })); // no other session: nothing else bumps the epoch

      dataOf(await api.gql(UPDATE_LOGIN_PROFILE, { input: { userName: 'ora', passwordResetRequired: true } }));
      const resetting = await tokenOf('ora', 'ora first password');
      expect(await statusWith(api, resetting, '{ users { totalCount } }')).toEqual({ status: 403, code: 'PASSWORD_RESET_REQUIRED' });
      expect(dataOf(await change(resetting, 'ora first password', 'ora second password')).changePassword.revokedSessionCount).toBe(0);
      // Out of reset mode: the field runs, and ora, without policies, is denied it (issue 9).
      expect(await statusWith(api, resetting, '{ users { totalCount } }')).toEqual({ status: 200, code: 'ACCESS_DENIED' });
      expect(dataOf(await signInUser(api, api.accountId, 'ora', 'ora second password')).signIn.passwordResetRequired).toBe(false);
    } finally {
      dataOf(await api.gql(DELETE_POLICY));
    }
  });
});

describe('changePassword by root', () => {
  it('follows the default rules whatever the policy, refuses the email, and ends root’s other sessions', async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    dataOf(await api.gql(UPDATE_POLICY, { input: { minimumPasswordLength: 40, requireSymbols: true } }, as));
    const other = await api.signIn({ email: account.email, password: account.rootPassword });

    const byEmail = await api.gql(CHANGE_PASSWORD, { input: { oldPassword: account.rootPassword, newPassword: account.email.toUpperCase() } }, as);
    expect(firstError(byEmail).message).toMatch(/must not be the user name or email/);
    const { changePassword } = dataOf(await api.gql(CHANGE_PASSWORD, { input: { oldPassword: account.rootPassword, newPassword: 'root pass 12' } }, as));
    expect(changePassword.revokedSessionCount).toBe(1);
    expect(await statusWith(api, other)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await statusWith(api, account.token)).status).toBe(200);
    await api.signIn({ email: account.email, password: 'root pass 12' });
  });
});
