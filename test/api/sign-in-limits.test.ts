// Sign-in attempts per minute, per source address and per name tried (existing or not), with
// the counts in the database so that every server process shares them: over a limit is HTTP 429
// THROTTLING with Retry-After, and no password is checked.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_ROOT_EMAIL, TEST_ROOT_PASSWORD, type TestApi } from '../support/api-harness.ts';

const SIGN_IN = 'mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }';
const started: TestApi[] = [];
afterAll(async () => {
  for (const api of started) await api.stop();
});

let now = new Date('2026-12-01T12:00:10.000Z');
async function start(limits: { signInLimitPerIp: number; signInLimitPerUser: number }): Promise<TestApi> {
  const api = await startTestApi({ auth: limits, clock: () => now });
  started.push(api);
  return api;
}

async function attempt(url: string, input: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SIGN_IN, variables: { input } }) });
  const body = (await response.json()) as any;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code as string | undefined, body };
}

const ROOT = { email: TEST_ROOT_EMAIL, password: TEST_ROOT_PASSWORD };

describe('per name', () => {
  it('refuses the attempt over the limit with 429 and Retry-After, for a name that exists or not, the right password included', async () => {
    const api = await start({ signInLimitPerIp: 0, signInLimitPerUser: 3 });
    // the harness signed in once already: two more for the root's email
    expect((await attempt(api.url, { ...ROOT, password: 'wrong password' })).code).toBe('SIGN_IN_FAILED');
    expect((await attempt(api.url, ROOT)).status).toBe(200);
    const over = await attempt(api.url, ROOT);
    expect(over.status).toBe(429);
    expect(over.code).toBe('THROTTLING');
    expect(over.body.data).toBeUndefined();
    expect(Number(over.retryAfter)).toBe(50); // the window ends at 12:01:00
    expect(over.body.errors[0].extensions.retryAfterSeconds).toBe(50);

    const ghost = { email: 'ghost@gatehouse.test', password: 'whatever it is' };
    for (let i = 0; i < 3; i++) expect((await attempt(api.url, ghost)).code).toBe('SIGN_IN_FAILED');
    expect((await attempt(api.url, ghost)).code).toBe('THROTTLING');
    // names are counted ignoring case, and apart from each other
    expect((await attempt(api.url, { ...ghost, email: 'GHOST@gatehouse.test' })).code).toBe('THROTTLING');
    expect((await attempt(api.url, { ...ghost, email: 'other-ghost@gatehouse.test' })).code).toBe('SIGN_IN_FAILED');
  });

  it('counts together in every server process on the database, and starts again the next minute', async () => {
    const api = await start({ signInLimitPerIp: 0, signInLimitPerUser: 4 });
    const other = await api.startOtherServer({ auth: { signInLimitPerIp: 0, signInLimitPerUser: 4 }, clock: () => now });
    try {
      const user = { account: api.accountId, userName: 'shared', password: 'whatever it is' };
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await attempt(i % 2 ? other.url : api.url, user)).code);
      expect(codes).toEqual(['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'THROTTLING']);
      now = new Date(now.getTime() + 60_000);
      expect((await attempt(other.url, user)).code).toBe('SIGN_IN_FAILED');
    } finally {
      await other.stop();
      now = new Date('2026-12-01T12:00:10.000Z');
    }
  });
});

describe('per source address', () => {
  it('refuses the attempt over the limit whatever the name', async () => {
    const api = await start({ signInLimitPerIp: 4, signInLimitPerUser: 0 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await attempt(api.url, { email: `n${i}@gatehouse.test`, password: 'whatever it is' })).code);
    // the harness's own sign-in was the first from this address
    expect(codes).toEqual(['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'THROTTLING']);
  });
});

describe('turned off', () => {
  it('with 0 for both, counts nothing', async () => {
    const api = await start({ signInLimitPerIp: 0, signInLimitPerUser: 0 });
    for (let i = 0; i < 25; i++) expect((await attempt(api.url, { email: 'ghost@gatehouse.test', password: 'whatever it is' })).code).toBe('SIGN_IN_FAILED');
    expect(await api.prisma.signInThrottle.count()).toBe(0);
  });
});
