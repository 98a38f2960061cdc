// Access keys through the API: create (secret shown once), list, activate, deactivate, delete,
// last use; at most 2 per user; other users' and accounts' keys are unknown; bad input changes
// nothing. Signed requests themselves are in signed-requests.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type SendAs, type TestApi } from '../support/api-harness.ts';
import { allow, putPolicy } from '../support/iam-callers.ts';
import { graphqlBody, sendSigned, smithyHeaders, type KeyPair } from '../support/signers.ts';

let api: TestApi;
let now = new Date('2026-12-01T12:00:00.000Z');

const CREATE = 'mutation($u: String) { createAccessKey(input: {userName: $u}) { accessKey { userName accessKeyId status secretAccessKey createDate } } }';
const LIST = `query($u: String) { accessKeys(userName: $u) {
  id userName accessKeyId status createDate accessKeyLastUsed { lastUsedDate serviceName region operation }
} }`;
const UPDATE = 'mutation($u: String, $k: String!, $s: StatusType!) { updateAccessKey(input: {userName: $u, accessKeyId: $k, status: $s}) { accessKey { accessKeyId status userName } } }';
const DELETE = 'mutation($u: String, $k: String!) { deleteAccessKey(input: {userName: $u, accessKeyId: $k}) { accessKeyId } }';
const LAST_USED = 'query($k: String!) { accessKeyLastUsed(accessKeyId: $k) { userName accessKeyLastUsed { lastUsedDate serviceName region operation } } }';

const create = async (userName: string | null, as?: SendAs) => dataOf(await api.gql(CREATE, { u: userName }, as)).createAccessKey.accessKey;
const list = async (userName: string | null, as?: SendAs) => dataOf(await api.gql(LIST, { u: userName }, as)).accessKeys as any[];
const keyRows = () => api.prisma.accessKey.findMany({ orderBy: { id: 'asc' } });
const signed = async (query: string, pair: KeyPair, variables?: Record<string, unknown>) => {
  const body = graphqlBody(query, variables);
  return sendSigned(api.url, await smithyHeaders(api.url, body, pair, { date: now }), body);
};

beforeAll(async () => {
  api = await startTestApi({ clock: () => now });
});
afterAll(() => api?.stop());
beforeEach(async () => {
  await api.prisma.accessKey.deleteMany();
  await api.prisma.user.deleteMany();
  for (const userName of ['bob', 'carol']) dataOf(await api.gql('mutation($u: String!) { createUser(input: {userName: $u}) { user { userId } } }', { u: userName }));
});

describe('createAccessKey', () => {
  it('creates an active AKIA key with a 40-character secret, stored only sealed', async () => {
    const key = await create('bob');
    expect(key).toMatchObject({ userName: 'bob', status: 'ACTIVE', createDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(key.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(key.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    const [row] = await keyRows();
    expect(row!.id).toBe(key.accessKeyId);
    for (const form of [key.secretAccessKey, Buffer.from(key.secretAccessKey).toString('base64'), Buffer.from(key.secretAccessKey).toString('base64url')]) {
      expect(JSON.stringify(row)).not.toContain(form);
    }
  });

  it('never shows the secret again: not in lists, user fields, nodes or last use', async () => {
    const key = await create('bob');
    const answers = [
      await api.gql(LIST, { u: 'bob' }),
      await api.gql('{ user(userName: "bob") { accessKeys { id accessKeyId status userName accessKeyLastUsed { lastUsedDate } } } }'),
      await api.gql('query($id: ID!) { node(id: $id) { id ... on AccessKeyMetadata { accessKeyId userName } } }', { id: (await list('bob'))[0].id }),
      await api.gql(LAST_USED, { k: key.accessKeyId }),
    ];
    for (const answer of answers) {
      expect(JSON.stringify(dataOf(answer))).toContain('bob');
      expect(JSON.stringify(answer)).not.toContain(key.secretAccessKey);
    }
    expect(dataOf(answers[1]!).user.accessKeys).toEqual([{ id: expect.any(String), accessKeyId: key.accessKeyId, status: 'ACTIVE', userName: 'bob', accessKeyLastUsed: { lastUsedDate: null } }]);
  });

  it('allows 2 keys per user; a third is LIMIT_EXCEEDED and creates nothing', async () => {
    await create('bob');
    await create('bob');
    const third = await api.gql(CREATE, { u: 'bob' });
    expect(errorCodeOf(third)).toBe('LIMIT_EXCEEDED');
    expect(firstError(third).message).toBe('user `bob` already has 2 access keys, the most a user may have: delete one (deleteAccessKey) first');
    expect(await keyRows()).toHaveLength(2);
    expect(await create('carol')).toMatchObject({ userName: 'carol' });
  });

  it('lets two concurrent creates for a user with one key make only one more', async () => {
    await create('bob');
    const answers = await Promise.all([api.gql(CREATE, { u: 'bob' }), api.gql(CREATE, { u: 'bob' })]);
    expect(answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'ok').sort()).toEqual(['LIMIT_EXCEEDED', 'ok']);
    expect(await keyRows()).toHaveLength(2);
  });

  it('creates a key for the calling IAM user when userName is omitted', async () => {
    const bobs = await create('bob');
    await putPolicy(api, 'bob', allow(['iam:CreateAccessKey', 'iam:ListAccessKeys'], `arn:aws:iam::${api.accountId}:user/\${aws:username}`));
    const answer = await signed(CREATE, bobs, { u: null });
    expect(dataOf(answer.json).createAccessKey.accessKey.userName).toBe('bob');
    expect((await list('bob')).map((key) => key.accessKeyId)).toContain(dataOf(answer.json).createAccessKey.accessKey.accessKeyId);
    expect((dataOf((await signed(LIST, bobs, { u: null })).json).accessKeys as any[]).map((key) => key.userName)).toEqual(['bob', 'bob']);
  });

  it('tells the root user that it has no access keys, and creates nothing', async () => {
    const answer = await api.gql(CREATE, { u: null });
    expect(errorCodeOf(answer)).toBe('BAD_USER_INPUT');
    expect(firstError(answer).extensions?.field).toBe('userName');
    expect(firstError(answer).message).toMatch(/^`userName`: required when the root user calls: the root user has no access keys in Gatehouse/);
    expect(errorCodeOf(await api.gql(LIST, { u: null }))).toBe('BAD_USER_INPUT');
    expect(await keyRows()).toHaveLength(0);
  });

  it('is NO_SUCH_ENTITY for an unknown user and BAD_USER_INPUT for an invalid name', async () => {
    expect(errorCodeOf(await api.gql(CREATE, { u: 'nobody' }))).toBe('NO_SUCH_ENTITY');
    expect(firstError(await api.gql(CREATE, { u: 'x'.repeat(65) })).extensions?.field).toBe('userName');
    expect(errorCodeOf(await api.gql(CREATE, { u: 'bad name' }))).toBe('BAD_USER_INPUT');
    expect(await keyRows()).toHaveLength(0);
  });

  it('is refused while the user has keys: deleteUser is DELETE_CONFLICT', async () => {
    const key = await create('bob');
    const answer = await api.gql('mutation { deleteUser(input: {userName: "bob"}) { userName } }');
    expect(errorCodeOf(answer)).toBe('DELETE_CONFLICT');
    expect(firstError(answer).extensions?.blockers).toEqual(['1 access key']);
    dataOf(await api.gql(DELETE, { u: 'bob', k: key.accessKeyId }));
    dataOf(await api.gql('mutation { deleteUser(input: {userName: "bob"}) { userName } }'));
  });
});

describe('updateAccessKey and deleteAccessKey', () => {
  it('makes a key inactive and active again, and deletes it', async () => {
    const key = await create('bob');
    expect(dataOf(await api.gql(UPDATE, { u: 'bob', k: key.accessKeyId, s: 'INACTIVE' })).updateAccessKey.accessKey).toEqual({ accessKeyId: key.accessKeyId, status: 'INACTIVE', userName: 'bob' });
    expect((await list('bob'))[0].status).toBe('INACTIVE');
    expect(dataOf(await api.gql(UPDATE, { u: 'bob', k: key.accessKeyId, s: 'ACTIVE' })).updateAccessKey.accessKey.status).toBe('ACTIVE');
    expect(dataOf(await api.gql(DELETE, { u: 'bob', k: key.accessKeyId })).deleteAccessKey.accessKeyId).toBe(key.accessKeyId);
    expect(await list('bob')).toEqual([]);
    expect(errorCodeOf(await api.gql(DELETE, { u: 'bob', k: key.accessKeyId }))).toBe('NO_SUCH_ENTITY');
  });

  it('treats another user\'s key as unknown, and changes nothing', async () => {
    const key = await create('bob');
    const before = await keyRows();
    const update = await api.gql(UPDATE, { u: 'carol', k: key.accessKeyId, s: 'INACTIVE' });
    expect(errorCodeOf(update)).toBe('NO_SUCH_ENTITY');
    expect(firstError(update).message).toBe(`access key \`${key.accessKeyId}\` does not exist`);
    expect(errorCodeOf(await api.gql(DELETE, { u: 'carol', k: key.accessKeyId }))).toBe('NO_SUCH_ENTITY');
    expect(await keyRows()).toEqual(before);
  });

  it('treats another account\'s key as unknown, in every operation', async () => {
    const key = await create('bob');
    const before = await keyRows();
    const other = await api.createAccount();
    const as = { accountId: other.accountId };
    dataOf(await api.gql('mutation { createUser(input: {userName: "bob"}) { user { userId } } }', {}, as));
    expect(errorCodeOf(await api.gql(UPDATE, { u: 'bob', k: key.accessKeyId, s: 'INACTIVE' }, as))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await api.gql(DELETE, { u: 'bob', k: key.accessKeyId }, as))).toBe('NO_SUCH_ENTITY');
    expect(dataOf(await api.gql(LAST_USED, { k: key.accessKeyId }, as)).accessKeyLastUsed).toBeNull();
    expect(await list('bob', as)).toEqual([]);
    const node = await api.gql('query($id: ID!) { node(id: $id) { id } }', { id: (await list('bob'))[0].id }, as);
    expect(dataOf(node).node).toBeNull();
    expect(await keyRows()).toEqual(before);
  });

  it('refuses an invalid key id as BAD_USER_INPUT and changes nothing', async () => {
    await create('bob');
    const before = await keyRows();
    for (const k of ['AKIA-not-a-key-id!!', 'A'.repeat(129), 'short']) {
      const answer = await api.gql(UPDATE, { u: 'bob', k, s: 'INACTIVE' });
      expect(errorCodeOf(answer)).toBe('BAD_USER_INPUT');
      expect(firstError(answer).extensions?.field).toBe('accessKeyId');
      expect(errorCodeOf(await api.gql(DELETE, { u: 'bob', k }))).toBe('BAD_USER_INPUT');
      expect(errorCodeOf(await api.gql(LAST_USED, { k }))).toBe('BAD_USER_INPUT');
    }
    expect(await keyRows()).toEqual(before);
  });
});

describe('accessKeyLastUsed', () => {
  it('is all null for a key never used, and null for a key that does not exist', async () => {
    const key = await create('bob');
    expect(dataOf(await api.gql(LAST_USED, { k: key.accessKeyId })).accessKeyLastUsed).toEqual({
      userName: 'bob',
      accessKeyLastUsed: { lastUsedDate: null, serviceName: null, region: null, operation: null },
    });
    expect(dataOf(await api.gql(LAST_USED, { k: `AKIA${'Q'.repeat(16)}` })).accessKeyLastUsed).toBeNull();
  });

  it('tells when, where and for which operation the key last signed a request, as soon as it is read', async () => {
    const key = await create('bob');
    expect((await signed('{ users { totalCount } }', key)).status).toBe(200);
    const usedAt = now;
    now = new Date(now.getTime() + 60_000);
    const expected = { lastUsedDate: usedAt.toISOString(), serviceName: 'iam', region: 'us-east-1', operation: 'users' };
    expect(dataOf(await api.gql(LAST_USED, { k: key.accessKeyId })).accessKeyLastUsed).toEqual({ userName: 'bob', accessKeyLastUsed: expected });
    expect((await list('bob'))[0].accessKeyLastUsed).toEqual(expected);
    // A later use moves it on; the record of the other key is its own.
    expect((await signed('mutation { createGroup(input: {groupName: "g"}) { group { groupName } } }', key)).status).toBe(200);
    expect((await list('bob'))[0].accessKeyLastUsed).toEqual({ ...expected, lastUsedDate: now.toISOString(), operation: 'createGroup' });
  });

  it('costs no statement per signed request: uses are written together, and when the server stops', async () => {
    const key = await create('bob');
    await signed('{ callerIdentity { arn } }', key); // loads and caches the key
    dataOf(await api.gql(LAST_USED, { k: key.accessKeyId })); // writes that use
    const statements = await api.sqlCount(async () => {
      for (let i = 0; i < 5; i++) expect((await signed('{ callerIdentity { arn } }', key)).status).toBe(200);
    });
    expect(statements).toBe(5); // the epoch read of each request, nothing more
    now = new Date(now.getTime() + 1000);
    await signed('{ account { accountId } }', key);
    await api.restart();
    const row = await api.prisma.accessKey.findUniqueOrThrow({ where: { id: key.accessKeyId } });
    expect(row).toMatchObject({ lastUsedAt: now, lastUsedOperation: 'account', lastUsedService: 'iam', lastUsedRegion: 'us-east-1' });
  });
});
