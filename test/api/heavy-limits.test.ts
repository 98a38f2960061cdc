// Expensive operations (the catalog's `heavy` root fields: simulateCustomPolicy,
// evaluateAccessBatch, the effective-permission queries, the audit trail's, large listings) are
// counted per principal per minute in the database: over the limit the whole request is HTTP 429
// THROTTLING with Retry-After, and nothing runs. Other queries are never counted.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_LIMITS } from '../../src/db/limits.ts';
import type { AuditSettings } from '../../src/services/audit/audit-recorder.ts';
import { dataOf, startTestApi, type SendAs, type TestApi } from '../support/api-harness.ts';
import { allow, iamCaller, putPolicy, tableDigests } from '../support/iam-callers.ts';

const started: TestApi[] = [];
afterAll(async () => {
  for (const api of started) await api.stop();
});

// 15 s into a minute: the window ends 45 s later. Each test moves on by whole minutes.
let now = new Date('2026-12-01T12:00:15.000Z');
const clock = () => now;
const nextMinute = () => (now = new Date(now.getTime() + 60_000));

async function start(perPrincipal: number, audit?: AuditSettings): Promise<TestApi> {
  const api = await startTestApi({ clock, server: { heavyLimits: { perPrincipal }, ...(audit ? { audit } : {}) } });
  started.push(api);
  return api;
}

const SIMULATE = 'query($input: SimulateCustomPolicyInput!) { simulateCustomPolicy(input: $input) { decision } }';
const simulation = {
  input: { identityPolicies: [allow('s3:GetObject')], request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: '*' } },
};

/** Posts as `as` (the management root by default) to `url` (the first server by default), answering what the HTTP response said. */
async function send(api: TestApi, query: string, variables: Record<string, unknown> = {}, as?: SendAs, url = api.url) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...api.authHeaders(as) }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as any;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code as string | undefined, body };
}
const simulate = (api: TestApi, as?: SendAs, url?: string) => send(api, SIMULATE, simulation, as, url);
const heavyRows = (api: TestApi) => api.prisma.signInThrottle.count({ where: { key: { startsWith: 'heavy:' } } });

describe('over the limit', () => {
  it('refuses the call after the limit whole, with 429, Retry-After and THROTTLING', async () => {
    const api = await start(3);
    for (let i = 0; i < 3; i++) expect((await simulate(api)).body.data.simulateCustomPolicy.decision).toBe('ALLOWED');
    const over = await simulate(api);
    expect(over.status).toBe(429);
    expect(over.code).toBe('THROTTLING');
    expect(Number(over.retryAfter)).toBe(45);
    expect(over.body.errors[0].extensions.retryAfterSeconds).toBe(45);
    expect(over.body.errors[0].message).toBe('too many expensive operations by this principal: at most 3 a minute: try again in 45 s');
    expect(over.body.data).toBeUndefined();
    // the table holds a digest of the ARN, never the ARN
    const rows = await api.prisma.signInThrottle.findMany({ where: { key: { startsWith: 'heavy:' } } });
    expect(rows.map((row) => row.key)).toEqual([expect.stringMatching(/^heavy:[0-9a-f]{64}$/)]);
  });

  it('runs nothing: one statement (the count), no resolver, no write, no audit record', async () => {
    const api = await start(1);
    expect((await simulate(api)).status).toBe(200);
    const before = await tableDigests(api);
    const records = await api.prisma.auditEvent.count();
    // what any request costs before it runs (the credential's check)
    const baseline = await api.sqlCount(() => send(api, '{ callerIdentity { arn } }'));
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    // users reads the database when it runs; refused, only the count's statement is added
    expect(await api.sqlCount(async () => (refused = await send(api, '{ users(first: 100) { nodes { userName } } }')))).toBe(baseline + 1);
    expect(refused?.code).toBe('THROTTLING');
    expect(await tableDigests(api)).toEqual(before);
    expect(await api.prisma.auditEvent.count()).toBe(records);
  });

  it('leaves only the refusal in an audit trail that records queries, never a run', async () => {
    const api = await start(1, { recordQueries: true });
    expect((await simulate(api)).status).toBe(200);
    expect((await simulate(api)).status).toBe(429);
    const records = await api.prisma.auditEvent.findMany({ where: { operation: 'simulateCustomPolicy' }, orderBy: { sequence: 'asc' } });
    expect(records.map((record) => record.outcome)).toEqual(['SUCCESS', 'THROTTLING']);
  });

  it('counts per principal: another user, and another account, are not held back', async () => {
    nextMinute();
    const api = await start(2);
    const alice = await iamCaller(api, 'alice');
    await putPolicy(api, 'alice', allow('iam:SimulateCustomPolicy'));
    const other = await api.createAccount();
    for (let i = 0; i < 2; i++) expect((await simulate(api)).status).toBe(200);
    expect((await simulate(api)).code).toBe('THROTTLING');
    expect((await simulate(api, { token: alice })).status).toBe(200);
    expect((await simulate(api, { token: alice })).status).toBe(200);
    expect((await simulate(api, { token: alice })).code).toBe('THROTTLING');
    expect((await simulate(api, { accountId: other.accountId })).status).toBe(200);
  });

  it('allows again in the next minute', async () => {
    nextMinute();
    const api = await start(1);
    expect((await simulate(api)).status).toBe(200);
    expect((await simulate(api)).code).toBe('THROTTLING');
    now = new Date(now.getTime() + 45_000); // the next window's first instant
    expect((await simulate(api)).status).toBe(200);
    expect((await simulate(api)).code).toBe('THROTTLING');
  });

  it('shares the count between server processes on one database', async () => {
    nextMinute();
    const api = await start(3);
    const other = await api.startOtherServer({ clock });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await simulate(api, undefined, i % 2 ? other.url : api.url)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await simulate(api)).code).toBe('THROTTLING');
    } finally {
      await other.stop();
    }
  });

  it('answers SERVICE_UNAVAILABLE, and runs nothing, when the count cannot be made in time', async () => {
    nextMinute();
    const api = await startTestApi({ clock, server: { heavyLimits: { perPrincipal: 5 } }, databaseLimits: { ...DEFAULT_DATABASE_LIMITS, statementTimeoutMs: 1000 } });
    started.push(api);
    expect((await simulate(api)).status).toBe(200);
    // another session holds the principal's count: the count's statement waits out its timeout
    const blocker = new pg.Client({ connectionString: api.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM "SignInThrottle" WHERE "key" LIKE 'heavy:%' FOR UPDATE`);
      const answer = await simulate(api);
      expect(answer.status).toBe(503);
      expect(answer.code).toBe('SERVICE_UNAVAILABLE');
      expect(answer.body.errors[0].message).toBe('the database did not answer in time: retry later');
      expect(answer.body.data).toBeUndefined();
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect((await simulate(api)).status).toBe(200);
  });

  it('is off at 0', async () => {
    nextMinute();
    const api = await start(0);
    for (let i = 0; i < 5; i++) expect((await simulate(api)).status).toBe(200);
    expect(await heavyRows(api)).toBe(0);
  });
});

describe('what counts', () => {
  it('never counts a query without heavy fields', async () => {
    nextMinute();
    const api = await start(1);
    const light = ['{ callerIdentity { arn } }', '{ users(first: 10) { nodes { userName } } }', '{ account { accountId } }', '{ validatePolicy(policyDocument: {Version: "2012-10-17", Statement: []}, policyType: IDENTITY_POLICY) { findings { findingType } } }'];
    for (let i = 0; i < 3; i++) for (const query of light) dataOf((await send(api, query)).body);
    // the count's one statement always leaves a row: none was sent
    expect(await heavyRows(api)).toBe(0);
    expect((await simulate(api)).status).toBe(200);
    expect((await simulate(api)).code).toBe('THROTTLING');
    // mutations are never heavy, nor held back by the count
    expect((await send(api, 'mutation { createGroup(input: {groupName: "still-writes"}) { group { groupName } } }')).status).toBe(200);
  });

  it('counts a listing only when it asks for a large page: more than 50 items, the default 100 included', async () => {
    nextMinute();
    const api = await start(4);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
    const small = 'query($ids: [ID!]!) { users(first: 50) { nodes { userName } } groups(first: 1) { nodes { groupName } } nodes(ids: $ids) { id } }';
    for (let i = 0; i < 5; i++) expect((await send(api, small, { ids: ids(50) })).status).toBe(200);
    expect(await heavyRows(api)).toBe(0);
    expect((await send(api, '{ users { nodes { userName } } }')).status).toBe(200);
    expect((await send(api, 'query($first: Int) { roles(first: $first) { nodes { roleName } } }', { first: 51 })).status).toBe(200);
    expect((await send(api, 'query($first: Int = 100) { policies(first: $first) { nodes { policyName } } }')).status).toBe(200);
    expect((await send(api, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(51) })).status).toBe(200);
    expect((await send(api, '{ users(first: 100) { nodes { userName } } }')).code).toBe('THROTTLING');
    expect((await send(api, '{ users(first: 5) { nodes { userName } } }')).status).toBe(200);
  });

  it('counts each heavy field of a request, aliases and fragments included, once per response key', async () => {
    nextMinute();
    const api = await start(3);
    const variables = { input: simulation.input };
    // two response keys, one of them selected twice (merged, it runs once): 2 of 3
    const two = 'query($input: SimulateCustomPolicyInput!) { a: simulateCustomPolicy(input: $input) { decision } ...F } fragment F on Query { a: simulateCustomPolicy(input: $input) { decision } b: simulateCustomPolicy(input: $input) { decision } }';
    expect((await send(api, two, variables)).status).toBe(200);
    // two more make 4: the whole request is refused, its other fields too
    const more = 'query($input: SimulateCustomPolicyInput!) { callerIdentity { arn } c: simulateCustomPolicy(input: $input) { decision } d: verifyAuditTrail { valid } }';
    const refused = await send(api, more, variables);
    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
  });
});
