// The audit trail's recording: which calls leave a record, with what, in which order; a
// mutation and its record commit together; concurrent writers keep one chain; no secret is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type CreatedAccount, type TestApi } from '../support/api-harness.ts';
import { createDevice } from '../support/mfa-fixtures.ts';
import { giveUserPassword } from '../support/user-password.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const recordsOf = (accountId: string) => api.prisma.auditEvent.findMany({ where: { accountId }, orderBy: { sequence: 'asc' } });
const verify = async (accountId: string) =>
  dataOf(await api.gql('{ verifyAuditTrail { valid firstBrokenEvent reason checkedEvents } }', {}, { accountId })).verifyAuditTrail;
const createUser = (account: CreatedAccount, userName: string, extra: Record<string, unknown> = {}) =>
  api.gql('mutation($input: CreateUserInput!) { createUser(input: $input) { user { userName } } }', { input: { userName, ...extra } }, { accountId: account.accountId });
const createGroup = (account: CreatedAccount, groupName: string) =>
  api.gql('mutation($n: String!) { createGroup(input: {groupName: $n}) { group { groupName } } }', { n: groupName }, { accountId: account.accountId });

describe('recording', () => {
  it('records every mutation and sign-in attempt, successful or not, in order, and no query by default', async () => {
    const account = await api.createAccount();
    dataOf(await createUser(account, 'alice'));
    expect(errorCodeOf(await createUser(account, 'ALICE'))).toBe('ENTITY_ALREADY_EXISTS');
    expect(errorCodeOf(await api.gql('mutation { deleteGroup(input: {groupName: "nope"}) { groupName } }', {}, { accountId: account.accountId }))).toBe('NO_SUCH_ENTITY');
    dataOf(await api.gql('{ users { totalCount } }', {}, { accountId: account.accountId }));
    expect(errorCodeOf(await api.gql('mutation($i: SignInInput!) { signIn(input: $i) { sessionToken } }', { i: { account: account.accountId, userName: 'alice', password: 'not her password at all' } }, { anonymous: true }))).toBe('SIGN_IN_FAILED');
    dataOf(await createGroup(account, 'admins'));

    const records = await recordsOf(account.accountId);
    expect(records.map((r) => [Number(r.sequence), r.operation, r.eventName, r.outcome])).toEqual([
      [1, 'signIn', 'SignIn', 'SUCCESS'],
      [2, 'createUser', 'CreateUser', 'SUCCESS'],
      [3, 'createUser', 'CreateUser', 'ENTITY_ALREADY_EXISTS'],
      [4, 'deleteGroup', 'DeleteGroup', 'NO_SUCH_ENTITY'],
      [5, 'signIn', 'SignIn', 'SIGN_IN_FAILED'],
      [6, 'createGroup', 'CreateGroup', 'SUCCESS'],
    ]);
    const root = `arn:aws:iam::${account.accountId}:root`;
    expect(records[0]!.principalArn).toBe(root);
    expect(records[4]!.principalArn).toBe(`arn:aws:iam::${account.accountId}:user/alice`);
    for (const record of [records[1]!, records[2]!, records[3]!, records[5]!]) {
      expect(record.principalArn).toBe(root);
      expect(record.credentialId).toMatch(/^ASIA[A-Z0-9]{16}$/);
      expect(record.requestId).not.toBe('');
      expect(record.sourceIp).toBeTruthy();
      expect(record.userAgent).toBeTruthy();
    }
    expect(records[1]!.resources).toEqual([`arn:aws:iam::${account.accountId}:user/alice`]);
    expect(records[2]!.errorMessage).toMatch(/alice/i);
    expect(new Set(records.map((r) => r.requestId)).size).toBe(records.length);
    expect(await verify(account.accountId)).toEqual({ valid: true, firstBrokenEvent: null, reason: null, checkedEvents: 6 });
  });

  it('records a call refused before it ran (a session that must change its password) under that session', async () => {
    const account = await api.createAccount();
    dataOf(await createUser(account, 'bob'));
    dataOf(await api.gql('mutation { createLoginProfile(input: {userName: "bob", password: "Bob-first-Passw0rd!", passwordResetRequired: true}) { loginProfile { userName } } }', {}, { accountId: account.accountId }));
    const token = await api.signIn({ account: account.accountId, userName: 'bob', password: 'Bob-first-Passw0rd!' });
    expect(errorCodeOf(await api.gql('mutation { createGroup(input: {groupName: "mine"}) { group { groupName } } }', {}, { token }))).toBe('PASSWORD_RESET_REQUIRED');
    const last = (await recordsOf(account.accountId)).at(-1)!;
    expect([last.operation, last.outcome, last.principalArn]).toEqual(['createGroup', 'PASSWORD_RESET_REQUIRED', `arn:aws:iam::${account.accountId}:user/bob`]);
    expect([last.decision, last.decidingStatement]).toEqual([null, null]);
    expect(await api.prisma.group.count({ where: { accountId: account.accountId } })).toBe(0);
  });

  it('skips a sign-in to an account that does not exist (there is no chain to add to)', async () => {
    const before = await api.prisma.auditEvent.count();
    expect(errorCodeOf(await api.gql('mutation($i: SignInInput!) { signIn(input: $i) { sessionToken } }', { i: { account: '999999999999', userName: 'x', password: 'whatever-it-is' } }, { anonymous: true }))).toBe('SIGN_IN_FAILED');
    expect(await api.prisma.auditEvent.count()).toBe(before);
  });
});

describe('a call with characters PostgreSQL cannot store', () => {
  it('is recorded all the same, with U+FFFD in their place: a hostile input leaves its trace', async () => {
    const account = await api.createAccount();
    const input = { userName: 'a\u0000b', tags: [{ key: 'k', value: 'v\u0000\ud800' }] };
    const answer = await api.gql('mutation($input: TagUserInput!) { tagUser(input: $input) { __typename } }', { input }, { accountId: account.accountId });
    const code = errorCodeOf(answer);
    const [record] = (await recordsOf(account.accountId)).filter((r) => r.operation === 'tagUser');
    expect(record).toMatchObject({ outcome: code, resources: [`arn:aws:iam::${account.accountId}:user/a\uFFFDb`] });
    expect(JSON.stringify(record!.changes)).toContain('v\uFFFD\uFFFD');
    expect(await verify(account.accountId)).toMatchObject({ valid: true });
  });
});

describe('a mutation and its record commit together', () => {
  it('leaves exactly one record, with the failure, when a mutation fails halfway (the user was inserted, then its tags refused)', async () => {
    const account = await api.createAccount();
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const tagsBefore = await api.prisma.tag.count();
    expect(errorCodeOf(await createUser(account, 'carol', { tags }))).toBe('LIMIT_EXCEEDED');
    const records = await recordsOf(account.accountId);
    expect(records.map((r) => [r.operation, r.outcome])).toEqual([['signIn', 'SUCCESS'], ['createUser', 'LIMIT_EXCEEDED']]);
    expect(records[1]!.changes).toMatchObject({ input: { input: { userName: 'carol' } }, result: null });
    expect(await api.prisma.user.count({ where: { accountId: account.accountId } })).toBe(0);
    expect(await api.prisma.tag.count()).toBe(tagsBefore);
  });

  it('writes nothing when its record cannot be written: the change and the record are one transaction', async () => {
    const account = await api.createAccount();
    // a constraint the record of a createGroup breaks, as a full disk or a lost connection would fail its insert
    await api.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ADD CONSTRAINT refuse_create_group CHECK ("operation" <> 'createGroup') NOT VALID`);
    try {
      expect(errorCodeOf(await createGroup(account, 'unrecorded'))).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await api.prisma.$executeRawUnsafe('ALTER TABLE "AuditEvent" DROP CONSTRAINT refuse_create_group');
    }
    expect(await api.prisma.group.count({ where: { accountId: account.accountId } })).toBe(0);
    expect((await recordsOf(account.accountId)).map((r) => r.operation)).toEqual(['signIn']);
  });

  it('makes no session when the record of its sign-in cannot be written, nor ends one when a sign-out’s cannot', async () => {
    const account = await api.createAccount();
    const sessions = () => api.prisma.session.count({ where: { accountId: account.accountId } });
    const before = await sessions();
    await api.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ADD CONSTRAINT refuse_sessions CHECK ("operation" NOT IN ('signIn', 'signOut')) NOT VALID`);
    try {
      const signIn = await api.gql('mutation($i: SignInInput!) { signIn(input: $i) { sessionToken } }', { i: { email: account.email, password: account.rootPassword } }, { anonymous: true });
      expect(errorCodeOf(signIn)).toBe('INTERNAL_SERVER_ERROR');
      expect(await sessions()).toBe(before);
      expect(errorCodeOf(await api.gql('mutation { signOut { sessionEnded } }', {}, { accountId: account.accountId }))).toBe('INTERNAL_SERVER_ERROR');
      expect(await sessions()).toBe(before);
    } finally {
      await api.prisma.$executeRawUnsafe('ALTER TABLE "AuditEvent" DROP CONSTRAINT refuse_sessions');
    }
  });

  it('keeps one unbroken chain under concurrent mutations, successes and failures', async () => {
    const account = await api.createAccount();
    const calls = Array.from({ length: 24 }, (_, i) => (i % 3 === 2 ? createGroup(account, 'same') : createGroup(account, `group-${i}`)));
    await Promise.all(calls);
    const records = await recordsOf(account.accountId);
    expect(records.map((r) => Number(r.sequence))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(records.filter((r) => r.outcome === 'SUCCESS')).toHaveLength(1 + 16 + 1);
    expect(records.filter((r) => r.outcome === 'ENTITY_ALREADY_EXISTS')).toHaveLength(7);
    expect((await verify(account.accountId)).valid).toBe(true);
  });
});

describe('no secret in the trail', () => {
  it('keeps no password, session token, access key secret or MFA seed', async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    dataOf(await createUser(account, 'dave'));
    const password = 'Dave-s3cret-Passw0rd!';
    await giveUserPassword(api, 'dave', password, account.accountId);
    const token = await api.signIn({ account: account.accountId, userName: 'dave', password });
    const wrong = 'Wrong-guess-Passw0rd!';
    await api.gql('mutation($i: SignInInput!) { signIn(input: $i) { sessionToken } }', { i: { account: account.accountId, userName: 'dave', password: wrong } }, { anonymous: true });
    const key = dataOf(await api.gql('mutation { createAccessKey(input: {userName: "dave"}) { accessKey { accessKeyId secretAccessKey } } }', {}, as)).createAccessKey.accessKey;
    const device = await createDevice(api, 'dave-phone', { as });
    const secrets = [password, wrong, token, key.secretAccessKey, device.seed, account.token, account.rootPassword];

    const text = (await api.prisma.$queryRaw<Array<{ text: string }>>`SELECT coalesce(string_agg(row_to_json(e)::text, ' '), '') AS text FROM "AuditEvent" e`)[0]!.text;
    expect(text).toContain('createAccessKey');
    expect(text).toContain(key.accessKeyId);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
