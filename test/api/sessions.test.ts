// Sign-in sessions as a client meets them: signIn gives a Bearer token; every operation but
// signIn needs one (UNAUTHENTICATED, 401, never saying what was wrong); signOut, revokeSessions
// and expiry end a session on the very next request, in every server process; a warm request
// costs no statement of its own.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, TEST_ROOT_EMAIL, TEST_ROOT_PASSWORD, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let now = new Date();
beforeAll(async () => {
  api = await startTestApi({ clock: () => now });
});
afterAll(async () => api?.stop());

const ROOT = { email: TEST_ROOT_EMAIL, password: TEST_ROOT_PASSWORD };
const WHO = '{ callerIdentity { account arn userId } }';

/** Posts as `authorization` says (none when undefined): status, the `www-authenticate` header, body. */
async function send(query: string, authorization?: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as any };
}

describe('signIn', () => {
  it('gives the root a session token with an expiry, which says who is calling', async () => {
    const answer = dataOf(await api.gql('mutation($input: SignInInput!) { signIn(input: $input) { sessionToken expiration passwordResetRequired } }', { input: ROOT }, { anonymous: true })).signIn;
    expect(answer.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(answer.expiration).getTime()).toBe(now.getTime() + 12 * 3600 * 1000);
    expect(answer.passwordResetRequired).toBe(false);
    expect(dataOf(await api.gql(WHO, {}, { token: answer.sessionToken })).callerIdentity).toEqual({
      account: api.accountId,
      arn: `arn:aws:iam::${api.accountId}:root`,
      userId: api.accountId,
    });
  });

  it('keeps only the token\'s hash', async () => {
    const token = await api.signIn(ROOT);
    const sessions = await api.prisma.session.findMany();
    expect(sessions.some((session) => session.tokenHash === createHash('sha256').update(token).digest('hex'))).toBe(true);
    expect(JSON.stringify(sessions, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(token);
  });

  it('fails alike, with one code and one message, for a wrong password and an unknown email', async () => {
    const wrong = await api.gql('mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }', { input: { ...ROOT, password: 'wrong password' } }, { anonymous: true });
    const unknown = await api.gql('mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }', { input: { ...ROOT, email: 'nobody@gatehouse.test' } }, { anonymous: true });
    expect(errorCodeOf(wrong)).toBe('SIGN_IN_FAILED');
    expect(firstError(wrong).message).toBe(firstError(unknown).message);
    expect(firstError(unknown).extensions).toEqual(firstError(wrong).extensions);
  });

  it('refuses an input no sign-in could match, before checking anything', async () => {
    const bad = [
      { ...ROOT, account: api.accountId },
      { password: 'something long' },
      { account: api.accountId, password: 'something long' },
      { ...ROOT, password: 'x'.repeat(129) },
    ];
    for (const input of bad) {
      expect(errorCodeOf(await api.gql('mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }', { input }, { anonymous: true })), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
  });

  it('never repeats a password in the error about a variable that does not fit', async () => {
    for (const input of [{ ...ROOT, password: 'echo-me-not-1', extra: true }, { email: TEST_ROOT_EMAIL, password: ['echo-me-not-2'] }]) {
      const answer = await send('mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }', undefined, { input });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors[0].message).toMatch(/^Variable "\$input" got an invalid value/);
      expect(JSON.stringify(answer.body)).not.toContain('echo-me-not');
    }
  });

  it('runs alone: not beside another field, not twice under aliases', async () => {
    const input = JSON.stringify(ROOT).replace(/"(\w+)":/g, '$1:');
    for (const query of [
      `mutation { a: signIn(input: ${input}) { sessionToken } b: signIn(input: ${input}) { sessionToken } }`,
      `mutation { signIn(input: ${input}) { sessionToken } createUser(input: {userName: "sneaky"}) { user { userName } } }`,
    ]) {
      const answer = await send(query);
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(dataOf(await api.gql('{ user(userName: "sneaky") { userName } }')).user).toBeNull();
  });
});

describe('without a valid credential', () => {
  it('refuses every operation but signIn with 401 UNAUTHENTICATED, and runs none of it', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __typename account { accountId } }', WHO, 'mutation { createUser(input: {userName: "intruder"}) { user { userName } } }']) {
      const answer = await send(query);
      expect(answer.status, query).toBe(401);
      expect(answer.challenge).toBe('Bearer');
      expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answer.body.data).toBeUndefined();
    }
    expect(dataOf(await api.gql('{ user(userName: "intruder") { userName } }')).user).toBeNull();
  });

  it('answers `{ __typename }` alone, a liveness probe that reveals nothing', async () => {
    const answer = await send('{ __typename }');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives no hint of what was wrong: missing, malformed, unknown, another scheme, signed out, expired', async () => {
    const signedOut = await api.signIn(ROOT);
    dataOf(await api.gql('mutation { signOut { sessionEnded } }', {}, { token: signedOut }));
    const expiring = await api.signIn(ROOT);
    const answers = [
      await send(WHO),
      await send(WHO, 'Bearer'),
      await send(WHO, 'Bearer not-a-token'),
      await send(WHO, `Bearer ${'A'.repeat(43)}`),
      await send(WHO, `Basic ${Buffer.from('root:pw').toString('base64')}`),
      await send(WHO, 'AWS4-HMAC-SHA256 garbage'),
      await send(WHO, `Bearer ${signedOut}`),
    ];
    now = new Date(now.getTime() + 12 * 3600 * 1000 + 1000);
    try {
      answers.push(await send(WHO, `Bearer ${expiring}`));
    } finally {
      now = new Date();
    }
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body.errors.map((error: any) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
    }
    // Two messages in all: "no credential" and "not a valid one"; neither says which part failed.
    expect(new Set(answers.map((answer) => answer.body.errors[0].message)).size).toBe(2);
  });
});

describe('ending sessions', () => {
  it('signOut ends the caller\'s session at once; others go on', async () => {
    const ending = await api.signIn(ROOT);
    const staying = await api.signIn(ROOT);
    dataOf(await api.gql(WHO, {}, { token: ending })); // verified, and cached
    expect(dataOf(await api.gql('mutation { signOut { sessionEnded } }', {}, { token: ending })).signOut).toEqual({ sessionEnded: true });
    expect((await send(WHO, `Bearer ${ending}`)).status).toBe(401);
    expect(dataOf(await api.gql(WHO, {}, { token: staying })).callerIdentity.account).toBe(api.accountId);
  });

  it('revokeSessions ends every session of the principal, in another server process too, on the next request', async () => {
    const other = await api.startOtherServer();
    try {
      const account = await api.createAccount();
      const second = await api.signIn({ email: account.email, password: account.rootPassword });
      const viaOther = (token: string) =>
        fetch(other.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: WHO }) });
      expect((await viaOther(account.token)).status).toBe(200); // cached by the other process now
      expect((await viaOther(second)).status).toBe(200);
      expect(dataOf(await api.gql('mutation { revokeSessions(input: {}) { revokedCount } }', {}, { accountId: account.accountId })).revokeSessions).toEqual({ revokedCount: 2 });
      expect((await viaOther(account.token)).status).toBe(401);
      expect((await viaOther(second)).status).toBe(401);
      // The management root's sessions are another principal's: untouched.
      expect((await viaOther(api.token)).status).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it('revokeSessions names a user of the caller\'s account only', async () => {
    expect(errorCodeOf(await api.gql('mutation { revokeSessions(input: {userName: "nobody"}) { revokedCount } }'))).toBe('NO_SUCH_ENTITY');
    dataOf(await api.gql('mutation { createUser(input: {userName: "sessionless"}) { user { userName } } }'));
    expect(dataOf(await api.gql('mutation { revokeSessions(input: {userName: "sessionless"}) { revokedCount } }')).revokeSessions.revokedCount).toBe(0);
  });
});

describe('cost', () => {
  it('costs a warm request no statement beyond the one epoch read, and policy writes leave the cached session alone', async () => {
    await api.gql('{ __typename }');
    expect(await api.sqlCount(() => api.gql('{ __typename }'))).toBe(1);
    dataOf(await api.gql('mutation { createGroup(input: {groupName: "policy-write"}) { group { groupName } } }'));
    expect(await api.sqlCount(() => api.gql('{ __typename }'))).toBe(1);
  });
});
