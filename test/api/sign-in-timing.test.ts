// A failed sign-in takes as long for a name that does not exist as for a wrong password: the
// unknown name is verified against a decoy argon2 hash and costs the same statements, so timing
// does not tell who exists. The leak this guards against is a whole argon2 verification (the
// bulk of a sign-in's time), so the margin allows a few milliseconds of noise, or a sixth of a
// sign-in on a machine loaded enough to stretch every request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { SIGN_IN, createLoginUser, signInUser } from '../support/login-users.ts';

let api: TestApi;
beforeAll(async () => {
  // Sixty failures in a minute from one address would be throttled first.
  api = await startTestApi({ auth: { signInLimitPerIp: 0, signInLimitPerUser: 0 } });
});
afterAll(async () => api?.stop());

const PAIRS = 60;
const WARM_UP = 4;
// Failures are spread over this many principals, so that none is locked (10 in a row would):
// a locked principal skips the counting write, and would test less.
const PRINCIPALS = 6;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timed(attempt: () => Promise<GraphqlResponse>): Promise<number> {
  const start = performance.now();
  const response = await attempt();
  const elapsed = performance.now() - start;
  expect(errorCodeOf(response)).toBe('SIGN_IN_FAILED');
  return elapsed;
}

/** Interleaved tries, alternating which goes first so that a drift in load falls on both alike. */
async function compare(wrongPassword: (n: number) => Promise<GraphqlResponse>, unknownName: (n: number) => Promise<GraphqlResponse>) {
  for (let n = 0; n < WARM_UP; n++) {
    await timed(() => wrongPassword(n));
    await timed(() => unknownName(n));
  }
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let n = WARM_UP; n < WARM_UP + PAIRS; n++) {
    if (n % 2) {
      wrong.push(await timed(() => wrongPassword(n)));
      unknown.push(await timed(() => unknownName(n)));
    } else {
      unknown.push(await timed(() => unknownName(n)));
      wrong.push(await timed(() => wrongPassword(n)));
    }
  }
  return { wrong: median(wrong), unknown: median(unknown) };
}

function expectAlike({ wrong, unknown }: { wrong: number; unknown: number }) {
  const margin = Math.max(5, wrong / 6);
  expect(Math.abs(wrong - unknown), `medians: wrong password ${wrong.toFixed(1)} ms, unknown name ${unknown.toFixed(1)} ms`).toBeLessThanOrEqual(margin);
}

describe('sign-in failures take the same time', () => {
  it('for an IAM user: a wrong password, and a user name that does not exist', { timeout: 120_000 }, async () => {
    const users = Array.from({ length: PRINCIPALS }, (_, n) => `timed-user-${n}`);
    for (const userName of users) await createLoginUser(api, userName, 'the right password');
    const medians = await compare(
      (n) => signInUser(api, api.accountId, users[n % PRINCIPALS]!, `wrong password ${n}`),
      (n) => signInUser(api, api.accountId, `no-such-user-${n}`, `wrong password ${n}`),
    );
    expectAlike(medians);
  });

  it('for root: a wrong password, and an email that does not exist', { timeout: 120_000 }, async () => {
    const emails: string[] = [];
    for (let n = 0; n < PRINCIPALS; n++) emails.push((await api.createAccount()).email);
    const signInRoot = (email: string, password: string) => api.gql(SIGN_IN, { input: { email, password } }, { anonymous: true });
    const medians = await compare(
      (n) => signInRoot(emails[n % PRINCIPALS]!, `wrong password ${n}`),
      (n) => signInRoot(`nobody-${n}@accounts.test`, `wrong password ${n}`),
    );
    expectAlike(medians);
  });
});
