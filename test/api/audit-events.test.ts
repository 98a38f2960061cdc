// Reading the audit trail back: auditEvents' filters and keyset pages, queries recorded when
// configured, and verifyAuditTrail finding the first record that was edited or deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash } from '../../src/services/audit/audit-hash.ts';
import { dataOf, errorCodeOf, startTestApi, type CreatedAccount, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let clockAt = new Date('2026-06-01T10:00:00.000Z');
beforeAll(async () => {
  api = await startTestApi({ clock: () => clockAt, server: { audit: { recordQueries: true } } });
});
afterAll(async () => api?.stop());

const EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    nodes { id sequence time operation eventName outcome principalArn resources errorMessage hash previousHash }
    pageInfo { hasNextPage endCursor }
  }
}`;
const events = async (account: CreatedAccount, filter: Record<string, unknown> = {}, first = 100) =>
  dataOf(await api.gql(EVENTS, { filter, first }, { accountId: account.accountId })).auditEvents;
const verify = async (account: CreatedAccount) =>
  dataOf(await api.gql('{ verifyAuditTrail { valid firstBrokenEvent firstBrokenSequence reason } }', {}, { accountId: account.accountId })).verifyAuditTrail;
const createUser = (account: CreatedAccount, userName: string) =>
  api.gql('mutation($n: String!) { createUser(input: {userName: $n}) { user { userName } } }', { n: userName }, { accountId: account.accountId });
const sequences = (nodes: Array<{ sequence: number }>) => nodes.map((node) => node.sequence);

/** An account whose trail is: 1 signIn, 2-4 createUser u0..u2 (10:01, 10:02, 10:03), 5 createUser u0 again (fails). */
async function accountWithTrail(): Promise<CreatedAccount> {
  clockAt = new Date('2026-06-01T10:00:00.000Z');
  const account = await api.createAccount();
  for (let i = 0; i < 3; i++) {
    clockAt = new Date(Date.parse('2026-06-01T10:01:00.000Z') + i * 60_000);
    dataOf(await createUser(account, `u${i}`));
  }
  expect(errorCodeOf(await createUser(account, 'u0'))).toBe('ENTITY_ALREADY_EXISTS');
  return account;
}

describe('auditEvents', () => {
  it('filters by action, outcome, principal, resource and time, newest first', async () => {
    const account = await accountWithTrail();
    const root = `arn:aws:iam::${account.accountId}:root`;
    expect(sequences((await events(account, { action: 'iam:CreateUser' })).nodes)).toEqual([5, 4, 3, 2]);
    expect(sequences((await events(account, { action: 'SignIn' })).nodes)).toEqual([1]);
    expect(sequences((await events(account, { outcome: 'ENTITY_ALREADY_EXISTS' })).nodes)).toEqual([5]);
    expect(sequences((await events(account, { principal: root, outcome: 'SUCCESS', action: 'CreateUser' })).nodes)).toEqual([4, 3, 2]);
    expect(sequences((await events(account, { resource: `arn:aws:iam::${account.accountId}:user/u0` })).nodes)).toEqual([5, 2]);
    expect(sequences((await events(account, { from: '2026-06-01T10:02:00.000Z', to: '2026-06-01T10:03:00.000Z' })).nodes)).toEqual([3]);
    expect(sequences((await events(account, { principal: root, outcome: 'ENTITY_ALREADY_EXISTS', from: '2026-06-01T10:00:30.000Z', to: '2026-06-01T10:05:00.000Z' })).nodes)).toEqual([5]);
    expect((await events(account, { principal: 'arn:aws:iam::123456789012:root' })).nodes).toEqual([]);
  });

  it('keeps time from going back along the chain, so that a time window is a range of sequences', async () => {
    const account = await accountWithTrail();
    clockAt = new Date('2026-06-01T09:00:00.000Z'); // a request that started before the last record
    dataOf(await createUser(account, 'late'));
    const late = (await events(account, { action: 'CreateUser', from: '2026-06-01T10:03:00.000Z', to: '2026-06-01T10:04:00.000Z' })).nodes;
    expect(late.map((node: any) => [node.sequence, node.time])).toEqual([
      [6, '2026-06-01T10:03:00.000Z'],
      [5, '2026-06-01T10:03:00.000Z'],
      [4, '2026-06-01T10:03:00.000Z'],
    ]);
    expect(sequences((await events(account, { action: 'CreateUser', from: '2026-06-01T10:01:30.000Z', to: '2026-06-01T10:02:30.000Z' })).nodes)).toEqual([3]);
    expect((await events(account, { from: '2026-06-01T10:05:00.000Z' })).nodes).toEqual([]);
    expect((await events(account, { to: '2026-06-01T10:00:00.000Z' })).nodes).toEqual([]);
  });

  it('counts the whole trail by its chain head, and a filtered one by its rows', async () => {
    const account = await accountWithTrail();
    const count = async (filter: object) =>
      dataOf(await api.gql('query($f: AuditEventFilter) { auditEvents(filter: $f, first: 1) { totalCount nodes { sequence } } }', { f: filter }, { accountId: account.accountId })).auditEvents;
    const whole = await count({});
    // this query's own record is in by the time totalCount resolves, as in the rows
    expect(whole.totalCount).toBe(await api.prisma.auditEvent.count({ where: { accountId: account.accountId } }));
    expect((await count({ action: 'CreateUser' })).totalCount).toBe(4);
  });

  it('pages with keyset cursors, at most 100 a page', async () => {
    const account = await accountWithTrail();
    const seen: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const connection: any = dataOf(await api.gql(EVENTS, { filter: { action: 'CreateUser' }, first: 3, after }, { accountId: account.accountId })).auditEvents;
      seen.push(...sequences(connection.nodes));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    // the queries themselves are recorded too (recordQueries), but never by the action filter
    expect(seen).toEqual([5, 4, 3, 2]);
    expect(errorCodeOf(await api.gql(EVENTS, { first: 101 }, { accountId: account.accountId }))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(await api.gql(EVENTS, { filter: { principal: 'x'.repeat(2049) } }, { accountId: account.accountId }))).toBe('BAD_USER_INPUT');
  });

  it('records queries when configured, and shows an account only its own records', async () => {
    const account = await accountWithTrail();
    const other = await api.createAccount();
    await events(account);
    const queries = (await events(account, { action: 'gatehouse:ListAuditEvents' })).nodes;
    expect(queries.length).toBeGreaterThanOrEqual(1);
    expect(queries[0].outcome).toBe('SUCCESS');
    const mine = await events(other);
    expect(new Set(mine.nodes.map((node: any) => node.principalArn))).toEqual(new Set([`arn:aws:iam::${other.accountId}:root`]));
    expect(dataOf(await api.gql('query($id: ID!) { node(id: $id) { id } }', { id: queries[0].id }, { accountId: other.accountId })).node).toBeNull();
    expect(dataOf(await api.gql('query($id: ID!) { node(id: $id) { ... on AuditEvent { eventName } } }', { id: queries[0].id }, { accountId: account.accountId })).node).toEqual({ eventName: 'ListAuditEvents' });
  });
});

describe('verifyAuditTrail', () => {
  const idOf = async (account: CreatedAccount, sequence: number) =>
    (await api.prisma.auditEvent.findUniqueOrThrow({ where: { accountId_sequence: { accountId: account.accountId, sequence } } })).id;

  it('reports an untouched chain valid', async () => {
    expect(await verify(await accountWithTrail())).toEqual({ valid: true, firstBrokenEvent: null, firstBrokenSequence: null, reason: null });
  });

  it('checks a long chain in parts: each call goes on from the cursor of the one before, and catches an edit beyond it', async () => {
    const account = await accountWithTrail();
    const part = async (after: string | null, first = 2) =>
      dataOf(await api.gql('query($a: String, $f: Int) { verifyAuditTrail(after: $a, first: $f) { valid complete endCursor checkedEvents firstBrokenSequence } }', { a: after, f: first }, { accountId: account.accountId })).verifyAuditTrail;
    const one = await part(null);
    expect(one).toMatchObject({ valid: true, complete: false, checkedEvents: 2 });
    const two = await part(one.endCursor);
    expect(two).toMatchObject({ valid: true, complete: false, checkedEvents: 2 });
    // the rest: record 5, and the records of the two verify calls before (recordQueries is on)
    expect(await part(two.endCursor, 1000)).toEqual({ valid: true, complete: true, endCursor: null, checkedEvents: 3, firstBrokenSequence: null });

    await api.prisma.$executeRaw`UPDATE "AuditEvent" SET "outcome" = 'SUCCESS' WHERE id = ${await idOf(account, 5)}::uuid`;
    expect(await part(two.endCursor, 1000)).toMatchObject({ valid: false, complete: true, firstBrokenSequence: 5 });
    // a cursor naming another hash than record 2 had does not link to record 3
    const forged = Buffer.from(`2:${'0'.repeat(64)}`).toString('base64url');
    expect(await part(forged)).toMatchObject({ valid: false, firstBrokenSequence: 3 });
    expect(errorCodeOf(await api.gql('{ verifyAuditTrail(after: "not a cursor") { valid } }', {}, { accountId: account.accountId }))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(await api.gql('{ verifyAuditTrail(first: 0) { valid } }', {}, { accountId: account.accountId }))).toBe('BAD_USER_INPUT');
  });

  it('finds an edited record', async () => {
    const account = await accountWithTrail();
    const id = await idOf(account, 5);
    await api.prisma.$executeRaw`UPDATE "AuditEvent" SET "outcome" = 'SUCCESS' WHERE id = ${id}::uuid`;
    const result = await verify(account);
    expect(result).toMatchObject({ valid: false, firstBrokenSequence: 5, reason: expect.stringMatching(/^hash mismatch/) });
    const [event] = (await events(account, { outcome: 'SUCCESS', action: 'CreateUser' })).nodes;
    expect(result.firstBrokenEvent).toBe(event.id);
  });

  it('finds an edit that also recomputed the edited record hash, at the next record', async () => {
    const account = await accountWithTrail();
    const row = await api.prisma.auditEvent.findUniqueOrThrow({ where: { id: await idOf(account, 3) } });
    const forged = { ...row, outcome: 'ACCESS_DENIED' };
    await api.prisma.auditEvent.update({ where: { id: row.id }, data: { outcome: forged.outcome, hash: auditHash(forged) } });
    expect(await verify(account)).toMatchObject({ valid: false, firstBrokenSequence: 4, reason: expect.stringMatching(/^link mismatch/) });
  });

  it('finds a deleted record, at the record after it', async () => {
    const account = await accountWithTrail();
    await api.prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${await idOf(account, 3)}::uuid`;
    const result = await verify(account);
    expect(result).toMatchObject({ valid: false, firstBrokenSequence: 3, reason: expect.stringMatching(/^sequence gap/) });
    const [event] = (await events(account, { resource: `arn:aws:iam::${account.accountId}:user/u2` })).nodes;
    expect(event.sequence).toBe(4);
    expect(result.firstBrokenEvent).toBe(event.id);
  });

  it('finds a deleted tail by the chain head', async () => {
    const account = await accountWithTrail();
    const last = await api.prisma.auditEvent.findFirstOrThrow({ where: { accountId: account.accountId }, orderBy: { sequence: 'desc' } });
    await api.prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${last.id}::uuid`;
    expect(await verify(account)).toMatchObject({ valid: false, firstBrokenEvent: null, reason: expect.stringMatching(/^head mismatch/) });
  });
});
