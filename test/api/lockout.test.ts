// Sign-in lockout: 10 failures in a row lock a principal for 60 s, each further lockout without
// a success between doubling it, up to 15 minutes; a locked principal gets the very answer a
// wrong password gets; the counters are in the database, shared by every server process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { SIGN_IN, createLoginUser, signInUser } from '../support/login-users.ts';

let now = new Date('2026-06-01T08:00:00Z');
const clock = () => now;
const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
// The per-minute sign-in limits would answer THROTTLING first: they have tests of their own.
const auth = { signInLimitPerIp: 0, signInLimitPerUser: 0 };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock, auth });
});
afterAll(async () => api?.stop());

const failWith = async (userName: string, times: number, through = api) => {
  for (let n = 0; n < times; n++) expect(errorCodeOf(await signInUser(through, through.accountId, userName, `wrong password ${n}`))).toBe('SIGN_IN_FAILED');
};
/** What a client sees of a failure: everything but the request's own path. */
const answer = (response: GraphqlResponse) => ({ data: response.data, errors: response.errors?.map(({ message, extensions }) => ({ message, extensions })) });
const lockedUntil = async (userName: string) => {
  const user = await api.prisma.user.findFirstOrThrow({ where: { accountId: api.accountId, nameKey: userName } });
  return (await api.prisma.signInLockout.findUnique({ where: { principal: `user:${user.id}` } }))?.lockedUntil ?? null;
};

describe('lockout', () => {
  it('needs 10 failures in a row: a success before clears the count', async () => {
    await createLoginUser(api, 'rae', 'rae right password');
    await failWith('rae', 9);
    dataOf(await signInUser(api, api.accountId, 'rae', 'rae right password'));
    await failWith('rae', 9);
    dataOf(await signInUser(api, api.accountId, 'rae', 'rae right password'));
  });

  it('after 10 failures the right password fails exactly as a wrong one and an unknown user do, until 60 s have passed', async () => {
    await createLoginUser(api, 'sam', 'sam right password');
    await failWith('sam', 10);
    const locked = answer(await signInUser(api, api.accountId, 'sam', 'sam right password'));
    expect(locked).toEqual(answer(await signInUser(api, api.accountId, 'sam', 'wrong password')));
    expect(locked).toEqual(answer(await signInUser(api, api.accountId, 'nobody-at-all', 'sam right password')));
    expect(locked.errors![0]!.extensions!.code).toBe('SIGN_IN_FAILED');

    advance(59);
    expect(errorCodeOf(await signInUser(api, api.accountId, 'sam', 'sam right password'))).toBe('SIGN_IN_FAILED');
    advance(1);
    dataOf(await signInUser(api, api.accountId, 'sam', 'sam right password'));
  });

  it('doubles each lockout without a success between, up to 15 minutes', async () => {
    await createLoginUser(api, 'tam', 'tam right password');
    for (const seconds of [60, 120, 240, 480, 900, 900]) {
      const start = now;
      await failWith('tam', 10);
      expect(((await lockedUntil('tam'))!.getTime() - start.getTime()) / 1000).toBe(seconds);
      advance(seconds - 1);
      expect(errorCodeOf(await signInUser(api, api.accountId, 'tam', 'tam right password'))).toBe('SIGN_IN_FAILED');
      advance(1);
    }
    dataOf(await signInUser(api, api.accountId, 'tam', 'tam right password'));
    expect(await lockedUntil('tam')).toBeNull(); // the success cleared it: the next lockout is 60 s again
  });

  it('locks root alike', async () => {
    const account = await api.createAccount();
    const signInRoot = (password: string) => api.gql(SIGN_IN, { input: { email: account.email, password } }, { anonymous: true });
    for (let n = 0; n < 10; n++) expect(errorCodeOf(await signInRoot(`wrong ${n}`))).toBe('SIGN_IN_FAILED');
    await expect(api.signIn({ email: account.email, password: account.rootPassword })).rejects.toThrow(/SIGN_IN_FAILED/);
    advance(60);
    await api.signIn({ email: account.email, password: account.rootPassword });
  });

  it('counts the failures of two server processes on one database together', async () => {
    // A second server with its own database client and auth services, on the same database
    // (and not dropping it when it stops: the first server owns it).
    const second = await startTestApi({ clock, auth, database: { url: api.database.url, drop: async () => {} } });
    try {
      await createLoginUser(api, 'uma', 'uma right password');
      await failWith('uma', 5, api);
      await failWith('uma', 5, second);
      for (const server of [api, second]) expect(errorCodeOf(await signInUser(server, server.accountId, 'uma', 'uma right password'))).toBe('SIGN_IN_FAILED');
      advance(60);
      dataOf(await signInUser(second, second.accountId, 'uma', 'uma right password'));
    } finally {
      await second.stop();
    }
  });
});
