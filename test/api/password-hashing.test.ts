// argon2id through the API: a stored hash takes the configured cost at the next sign-in after
// the cost changes, and a burst of sign-ins beyond the hashing queue is refused (THROTTLING,
// HTTP 429) rather than held in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../src/auth/password-hasher.ts';
import { DEFAULT_AUTH_SETTINGS } from '../../src/auth/settings.ts';
import { dataOf, errorCodeOf, startTestApi, TEST_ROOT_EMAIL, TEST_ROOT_PASSWORD, type TestApi } from '../support/api-harness.ts';
import { SIGN_IN, createLoginUser, signInUser } from '../support/login-users.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

/** A server of its own on the same database, which it leaves to `api` to drop. */
const sameDatabase = () => ({ url: api.database.url, drop: async () => {} });
const userHash = async (userName: string) =>
  (await api.prisma.loginProfile.findFirstOrThrow({ where: { user: { accountId: api.accountId, nameKey: userName } } })).passwordHash;
const rootHash = async () => (await api.prisma.account.findUniqueOrThrow({ where: { id: api.accountId } })).rootPasswordHash;

describe('rehashing at sign-in', () => {
  it('gives a stored hash the new cost after a restart with a higher one, and only on a right password', async () => {
    await createLoginUser(api, 'wren', 'wren signs in');
    expect(await userHash('wren')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);

    const argon2 = { ...DEFAULT_AUTH_SETTINGS.argon2, timeCost: 3 };
    const restarted = await startTestApi({ database: sameDatabase(), auth: { argon2 }, passwordHasher: new PasswordHasher(argon2, 2) });
    try {
      expect(errorCodeOf(await signInUser(restarted, restarted.accountId, 'wren', 'not her password'))).toBe('SIGN_IN_FAILED');
      expect(await userHash('wren')).toMatch(/t=2\$/);

      dataOf(await signInUser(restarted, restarted.accountId, 'wren', 'wren signs in'));
      expect(await userHash('wren')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=3\$/);
      // the harness signed the root in at start: its hash moved too
      expect(await rootHash()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=3\$/);
      dataOf(await signInUser(restarted, restarted.accountId, 'wren', 'wren signs in'));
    } finally {
      await restarted.stop();
    }
  });
});

describe('a burst of sign-ins', () => {
  it('beyond one hash at a time and 32 waiting is refused with THROTTLING and HTTP 429', async () => {
    const burst = await startTestApi({
      database: sameDatabase(),
      auth: { signInLimitPerIp: 0, signInLimitPerUser: 0 },
      passwordHasher: new PasswordHasher(DEFAULT_AUTH_SETTINGS.argon2, 1),
    });
    try {
      // Unknown emails: each is checked against the decoy hash at full cost, and locks nobody.
      const answers = await Promise.all(
        Array.from({ length: 100 }, async (_, n) => {
          const response = await fetch(burst.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: SIGN_IN, variables: { input: { email: `nobody-${n}@burst.test`, password: 'some password' } } }),
          });
          const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
          return { status: response.status, code: body.errors[0]!.extensions.code, retryAfter: response.headers.get('retry-after') };
        }),
      );
      const throttled = answers.filter((answer) => answer.code === 'THROTTLING');
      // At most 33 are admitted at once; the queue drains by one hash (tens of ms) at a time while
      // the rest arrive, so about 60 are refused here (a generous floor for a loaded machine).
      expect(throttled.length).toBeGreaterThanOrEqual(10);
      expect(throttled.every((answer) => answer.status === 429 && answer.retryAfter === '1')).toBe(true);
      expect(answers.every((answer) => answer.code === 'THROTTLING' || answer.code === 'SIGN_IN_FAILED')).toBe(true);
      await burst.signIn({ email: TEST_ROOT_EMAIL, password: TEST_ROOT_PASSWORD }); // and the server is fine after
    } finally {
      await burst.stop();
    }
  });
});
