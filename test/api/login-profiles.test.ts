// createLoginProfile, updateLoginProfile, deleteLoginProfile and loginProfile, and IAM users
// signing in with what they set, through the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';
import {
  CALLER,
  CREATE_LOGIN_PROFILE,
  CREATE_USER,
  DELETE_LOGIN_PROFILE,
  UPDATE_LOGIN_PROFILE,
  UPDATE_POLICY,
  createLoginUser,
  signInUser,
  statusWith,
} from '../support/login-users.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const PROFILE = 'query($userName: String!) { loginProfile(userName: $userName) { userName createDate passwordResetRequired } }';
const USER = 'query($userName: String!) { user(userName: $userName) { loginProfile { userName } passwordLastUsed } }';
const hashOf = async (userName: string) =>
  (await api.prisma.loginProfile.findFirst({ where: { user: { accountId: api.accountId, nameKey: userName.toLowerCase() } } }))?.passwordHash ?? null;

describe('createLoginProfile', () => {
  it('gives a user a password it signs in with, by account id; the profile shows in both queries', async () => {
    dataOf(await api.gql(CREATE_USER, { input: { userName: 'ada' } }));
    const { createLoginProfile } = dataOf(await api.gql(CREATE_LOGIN_PROFILE, { input: { userName: 'ada', password: 'plum tree at dusk' } }));
    expect(createLoginProfile.loginProfile).toMatchObject({ userName: 'ada', passwordResetRequired: false });
    expect(dataOf(await api.gql(PROFILE, { userName: 'ADA' })).loginProfile.userName).toBe('ada');
    expect(dataOf(await api.gql(USER, { userName: 'ada' })).user).toEqual({ loginProfile: { userName: 'ada' }, passwordLastUsed: null });
    // argon2id, never the password itself
    expect(await hashOf('ada')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);

    const signedIn = dataOf(await signInUser(api, api.accountId, 'ada', 'plum tree at dusk')).signIn;
    expect(signedIn.passwordResetRequired).toBe(false);
    expect(dataOf(await api.gql(CALLER, {}, { token: signedIn.sessionToken })).callerIdentity.arn).toBe(`arn:aws:iam::${api.accountId}:user/ada`);
    expect(Date.parse(dataOf(await api.gql(USER, { userName: 'ada' })).user.passwordLastUsed)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers null for a user without a profile, and for no user at all', async () => {
    dataOf(await api.gql(CREATE_USER, { input: { userName: 'nopass' } }));
    expect(dataOf(await api.gql(PROFILE, { userName: 'nopass' })).loginProfile).toBeNull();
    expect(dataOf(await api.gql(PROFILE, { userName: 'nobody' })).loginProfile).toBeNull();
    expect(dataOf(await api.gql(PROFILE, { userName: 'x'.repeat(1000) })).loginProfile).toBeNull();
    expect(dataOf(await api.gql(USER, { userName: 'nopass' })).user).toEqual({ loginProfile: null, passwordLastUsed: null });
  });

  it('refuses a second profile with ENTITY_ALREADY_EXISTS and keeps the first password', async () => {
    await createLoginUser(api, 'twice', 'first of two passwords');
    const before = await hashOf('twice');
    const response = await api.gql(CREATE_LOGIN_PROFILE, { input: { userName: 'twice', password: 'second of two passwords' } });
    expect(errorCodeOf(response)).toBe('ENTITY_ALREADY_EXISTS');
    expect(firstError(response).message).toBe('login profile of user `twice` already exists');
    expect(await hashOf('twice')).toBe(before);
  });

  it.each([
    ['too short', 'short'],
    ['common, in any case', 'PassWord123'],
    ['the user name', 'Weak-Name-User'],
  ])('refuses a password that is %s with PASSWORD_POLICY_VIOLATION, creating nothing', async (_why, password) => {
    dataOf(await api.gql(CREATE_USER, { input: { userName: 'weak-name-user' } }));
    const response = await api.gql(CREATE_LOGIN_PROFILE, { input: { userName: 'weak-name-user', password } });
    expect(errorCodeOf(response)).toBe('PASSWORD_POLICY_VIOLATION');
    expect(firstError(response).extensions!.field).toBe('password');
    expect(await hashOf('weak-name-user')).toBeNull();
    await api.gql('mutation { deleteUser(input: { userName: "weak-name-user" }) { userId } }');
  });

  it('refuses a user that does not exist with NO_SUCH_ENTITY, and a malformed name with BAD_USER_INPUT', async () => {
    expect(errorCodeOf(await api.gql(CREATE_LOGIN_PROFILE, { input: { userName: 'ghost', password: 'plum tree at dusk' } }))).toBe('NO_SUCH_ENTITY');
    const long = await api.gql(CREATE_LOGIN_PROFILE, { input: { userName: 'x'.repeat(100_000), password: 'plum tree at dusk' } });
    expect(errorCodeOf(long)).toBe('BAD_USER_INPUT');
    expect(firstError(long).message.length).toBeLessThan(200);
  });
});

describe('updateLoginProfile', () => {
  it('sets a new password: the old one stops working, the new one signs in', async () => {
    await createLoginUser(api, 'bea', 'old garden gate');
    dataOf(await api.gql(UPDATE_LOGIN_PROFILE, { input: { userName: 'bea', password: 'new garden gate' } }));
    expect(errorCodeOf(await signInUser(api, api.accountId, 'bea', 'old garden gate'))).toBe('SIGN_IN_FAILED');
    expect(dataOf(await signInUser(api, api.accountId, 'bea', 'new garden gate')).signIn.passwordResetRequired).toBe(false);
  });

  it('requires a reset: the session it opens may only change the password (HTTP 403 otherwise)', async () => {
    await createLoginUser(api, 'cyd', 'temporary password 1');
    const { updateLoginProfile } = dataOf(await api.gql(UPDATE_LOGIN_PROFILE, { input: { userName: 'cyd', passwordResetRequired: true } }));
    expect(updateLoginProfile.loginProfile.passwordResetRequired).toBe(true);
    const signedIn = dataOf(await signInUser(api, api.accountId, 'cyd', 'temporary password 1')).signIn;
    expect(signedIn.passwordResetRequired).toBe(true);
    expect(await statusWith(api, signedIn.sessionToken, '{ users { totalCount } }')).toEqual({ status: 403, code: 'PASSWORD_RESET_REQUIRED' });
    expect(await statusWith(api, signedIn.sessionToken)).toEqual({ status: 200, code: undefined });
  });

  it('keeps at most 24 earlier hashes, and refuses a recent one under reuse prevention', async () => {
    await createLoginUser(api, 'dee', 'password number 0');
    for (let n = 1; n <= 26; n++) dataOf(await api.gql(UPDATE_LOGIN_PROFILE, { input: { userName: 'dee', password: `password number ${n}` } }));
    const user = await api.prisma.user.findFirstOrThrow({ where: { accountId: api.accountId, nameKey: 'dee' } });
    expect(await api.prisma.passwordHistory.count({ where: { userId: user.id } })).toBe(24);

    dataOf(await api.gql(UPDATE_POLICY, { input: { passwordReusePrevention: 3 } }));
    try {
      const before = await hashOf('dee');
      for (const reused of ['password number 26', 'password number 25', 'password number 24']) {
        const response = await api.gql(UPDATE_LOGIN_PROFILE, { input: { userName: 'dee', password: reused } });
        expect(errorCodeOf(response)).toBe('PASSWORD_POLICY_VIOLATION');
        expect(firstError(response).message).toBe('`password`: the password must not be one of the last 3 passwords');
      }
      expect(await hashOf('dee')).toBe(before);
      dataOf(await api.gql(UPDATE_LOGIN_PROFILE, { input: { userName: 'dee', password: 'password number 23' } }));
    } finally {
      dataOf(await api.gql('mutation { deleteAccountPasswordPolicy { deleted } }'));
    }
  });

  it('refuses a user without a profile with NO_SUCH_ENTITY', async () => {
    dataOf(await api.gql(CREATE_USER, { input: { userName: 'eve' } }));
    expect(errorCodeOf(await api.gql(UPDATE_LOGIN_PROFILE, { input: { userName: 'eve', password: 'whatever it may be' } }))).toBe('NO_SUCH_ENTITY');
  });
});

describe('deleteLoginProfile', () => {
  it('removes the password and ends the user’s sessions on their next request (HTTP 401)', async () => {
    await createLoginUser(api, 'fay', 'fay signs in here');
    const first = dataOf(await signInUser(api, api.accountId, 'fay', 'fay signs in here')).signIn.sessionToken;
    const second = dataOf(await signInUser(api, api.accountId, 'fay', 'fay signs in here')).signIn.sessionToken;
    expect((await statusWith(api, first)).status).toBe(200); // cached now: the revocation must reach the cache

    expect(dataOf(await api.gql(DELETE_LOGIN_PROFILE, { input: { userName: 'fay' } })).deleteLoginProfile.userName).toBe('fay');
    expect(await statusWith(api, first)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await statusWith(api, second)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(errorCodeOf(await signInUser(api, api.accountId, 'fay', 'fay signs in here'))).toBe('SIGN_IN_FAILED');
    expect(dataOf(await api.gql(PROFILE, { userName: 'fay' })).loginProfile).toBeNull();
    expect(errorCodeOf(await api.gql(DELETE_LOGIN_PROFILE, { input: { userName: 'fay' } }))).toBe('NO_SUCH_ENTITY');
  });
});

describe('signing in as an IAM user', () => {
  it('takes the account alias or id, and never reaches a user of another account', async () => {
    const other = await api.createAccount({ accountAlias: 'other-corp' });
    await createLoginUser(api, 'gus', 'gus in the other account', { accountId: other.accountId });

    const byAlias = dataOf(await signInUser(api, 'Other-Corp', 'GUS', 'gus in the other account')).signIn.sessionToken;
    expect(dataOf(await api.gql(CALLER, {}, { token: byAlias })).callerIdentity.arn).toBe(`arn:aws:iam::${other.accountId}:user/gus`);
    dataOf(await signInUser(api, other.accountId, 'gus', 'gus in the other account'));

    const wrongAccount = await signInUser(api, api.accountId, 'gus', 'gus in the other account');
    expect(errorCodeOf(wrongAccount)).toBe('SIGN_IN_FAILED');
    // and the other account's root cannot see the management account's users' profiles either
    expect(dataOf(await api.gql(PROFILE, { userName: 'ada' }, { accountId: other.accountId })).loginProfile).toBeNull();
  });
});
