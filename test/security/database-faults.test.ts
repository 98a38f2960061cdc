// A failing database, through a real TCP proxy in front of the test PostgreSQL: packets
// dropped, a very slow link, connections cut mid-transaction. Every request ends within the
// bound (db/limits.ts worstCaseRequestMs) with SERVICE_UNAVAILABLE and no driver text; a
// mutation cut at any point is all or nothing; the server serves again once the network heals,
// and holds no more connections than its pool and the epoch reader.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { BoundedPool } from '../../src/db/bounded-pool.ts';
import { withDeadline } from '../../src/db/deadline.ts';
import { DEFAULT_DATABASE_LIMITS, worstCaseRequestMs, type DatabaseLimits } from '../../src/db/limits.ts';
import { DatabaseUnavailableError } from '../../src/db/unavailable.ts';
import { dataOf, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { IDENTITY_DOC } from '../support/fixtures.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';

// Short limits keep the test fast; the margin absorbs a loaded 2-core machine.
const LIMITS: DatabaseLimits = { poolSize: 4, connectTimeoutMs: 1000, statementTimeoutMs: 1000, requestTimeoutMs: 2500, readyTimeoutMs: 500 };
const MARGIN_MS = 2500;
const REQUEST_BOUND_MS = worstCaseRequestMs(LIMITS) + MARGIN_MS;

const USERS = '{ users(first: 10) { nodes { userName groups { groupName attachedPolicies { policyName } } } } }';
const CREATE_USER = 'mutation($n: String!) { createUser(input: {userName: $n, tags: [{key: "a", value: "1"}, {key: "b", value: "2"}, {key: "c", value: "3"}]}) { user { userName } } }';
const CREATE_POLICY = 'mutation($n: String!, $doc: JSON!) { createPolicy(input: {policyName: $n, policyDocument: $doc, tags: [{key: "a", value: "1"}]}) { policy { arn } } }';

let proxy: FaultProxy;
let api: TestApi;
let direct: pg.Client;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = Date.now();
  const result = await work();
  return { ms: Date.now() - started, result };
}

function expectUnavailable(response: GraphqlResponse): void {
  expect(response.errors?.length).toBeGreaterThan(0);
  for (const error of response.errors!) {
    expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('the database did not answer in time: retry later');
  }
}

async function readyStatus(): Promise<number> {
  return (await fetch(api.url.replace(/\/graphql$/, '/readyz'))).status;
}

/** Polls until the server answers a query again; returns how long that took. */
async function recovery(): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    if ((await readyStatus()) === 200 && !(await api.gql(USERS)).errors) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not serve again within 20 s of the database returning');
}

/** Every kind of request at once: reads, writes, access decisions. */
function requestMix(tag: string) {
  const principal = `arn:aws:iam::${api.accountId}:user/alice`;
  return [
    () => api.gql(USERS),
    () => api.gql(CREATE_USER, { n: `storm-${tag}` }),
    () => api.gql(`{ evaluateAccess(input: {principal: "${principal}", action: "s3:GetObject", resource: "*"}) { decision } }`),
    () => api.gql(CREATE_POLICY, { n: `storm-${tag}`, doc: IDENTITY_DOC }),
  ];
}

beforeAll(async () => {
  const admin = new URL(inject('adminDatabaseUrl'));
  proxy = await startFaultProxy({ host: admin.hostname, port: Number(admin.port) });
  api = await startTestApi({ serverDatabaseUrl: (url) => proxy.url(url), databaseLimits: LIMITS });
  direct = new pg.Client({ connectionString: api.database.url });
  await direct.connect();
  dataOf(await api.gql(CREATE_USER, { n: 'alice' }));
});

afterAll(async () => {
  await direct?.end();
  await api?.stop();
  await proxy?.close();
});

describe('a database whose packets are dropped', () => {
  it('fails every kind of request within the bound, says 503 on /readyz, and serves again after', async () => {
    proxy.drop();
    const outcomes = await Promise.all(requestMix('drop').map((send) => timed(send)));
    for (const { ms, result } of outcomes) {
      expectUnavailable(result);
      expect(ms).toBeLessThan(REQUEST_BOUND_MS);
    }
    const ready = await timed(readyStatus);
    expect(ready.result).toBe(503);
    expect(ready.ms).toBeLessThan(LIMITS.readyTimeoutMs + MARGIN_MS);
    proxy.heal();
    expect(await recovery()).toBeLessThan(10_000);
    expect((await direct.query(`SELECT 1 FROM "User" WHERE name = 'storm-drop'`)).rowCount).toBe(0);
  }, 60_000);
});

describe('a database that answers very slowly', () => {
  it('fails requests within the bound when answers come later than the statement timeout', async () => {
    proxy.delay(LIMITS.statementTimeoutMs * 3);
    const outcomes = await Promise.all(requestMix('slow').map((send) => timed(send)));
    for (const { ms, result } of outcomes) {
      expectUnavailable(result);
      expect(ms).toBeLessThan(REQUEST_BOUND_MS);
    }
    proxy.heal();
    expect(await recovery()).toBeLessThan(10_000);
  });

  it('still serves over a slow link that answers in time', async () => {
    proxy.delay(50);
    try {
      expect(dataOf(await api.gql<{ users: { nodes: unknown[] } }>(USERS)).users.nodes.length).toBeGreaterThan(0);
    } finally {
      proxy.heal();
    }
  });

  it('rolls back a mutation that runs out of request time, and never reuses its open transaction', async () => {
    // Each statement answers well within the statement timeout; all of them do not fit the request.
    proxy.delay(LIMITS.requestTimeoutMs / 8);
    try {
      const { ms, result } = await timed(() => api.gql(CREATE_USER, { n: 'out-of-time' }));
      expectUnavailable(result);
      expect(ms).toBeLessThan(REQUEST_BOUND_MS);
    } finally {
      proxy.heal();
    }
    // Had its connection gone back to the pool inside the transaction, the next mutation on it
    // would commit the half-done one along with its own.
    for (const n of [1, 2, 3, 4, 5, 6]) dataOf(await api.gql(CREATE_USER, { n: `after-out-of-time-${n}` }));
    expect((await direct.query(`SELECT 1 FROM "User" WHERE name = 'out-of-time'`)).rowCount).toBe(0);
  });

  it('has PostgreSQL cancel a statement stuck behind a lock, and changes nothing', async () => {
    const locker = new pg.Client({ connectionString: api.database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM "User" WHERE name = 'alice' FOR UPDATE`);
      const { ms, result } = await timed(() => api.gql('mutation { tagUser(input: {userName: "alice", tags: [{key: "locked", value: "x"}]}) { user { userName } } }'));
      expectUnavailable(result);
      expect(ms).toBeLessThan(REQUEST_BOUND_MS);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await direct.query(`SELECT 1 FROM "Tag" WHERE key = 'locked'`)).rowCount).toBe(0);
    dataOf(await api.gql(USERS)); // the cancelled statement's connection is fine
  });
});

describe('a connection cut in the middle of a mutation', () => {
  async function userState(name: string): Promise<string> {
    const users = await direct.query(`SELECT id FROM "User" WHERE name = $1`, [name]);
    const tags = await direct.query(`SELECT 1 FROM "Tag" t JOIN "User" u ON u.id = t."userId" WHERE u.name = $1`, [name]);
    return `${users.rowCount} user, ${tags.rowCount} tags`;
  }
  async function policyState(name: string): Promise<string> {
    const policies = await direct.query(`SELECT id FROM "Policy" WHERE name = $1`, [name]);
    const versions = await direct.query(`SELECT 1 FROM "PolicyVersion" v JOIN "Policy" p ON p.id = v."policyId" WHERE p.name = $1`, [name]);
    const tags = await direct.query(`SELECT 1 FROM "Tag" t JOIN "Policy" p ON p.id = t."policyId" WHERE p.name = $1`, [name]);
    return `${policies.rowCount} policy, ${versions.rowCount} versions, ${tags.rowCount} tags`;
  }

  const mutations = [
    ['createUser with tags', (n: string) => api.gql(CREATE_USER, { n }), userState, '1 user, 3 tags', '0 user, 0 tags'],
    ['createPolicy with a tag', (n: string) => api.gql(CREATE_POLICY, { n, doc: IDENTITY_DOC }), policyState, '1 policy, 1 versions, 1 tags', '0 policy, 0 versions, 0 tags'],
  ] as const;
  const cases = mutations.flatMap(([label, ...rest]) => (['up', 'down'] as const).map((direction) => [label, direction, ...rest] as const));

  it.each(cases)('%s leaves all of it or none, wherever the cut falls (%s)', async (label, direction, mutate, stateOf, all, none) => {
    // How many chunks the mutation moves when nothing fails: a cut at each one in turn.
    const before = proxy.chunks[direction];
    dataOf(await mutate(`calibrate-${label.length}-${direction}`));
    const chunks = proxy.chunks[direction] - before;
    expect(chunks).toBeGreaterThan(3);
    const outcomes = new Set<string>();
    // A few past the end: a reconnection's handshake may shift the mutation's chunks.
    for (let n = 1; n <= chunks + 4; n++) {
      const name = `cut-${direction}-${n}`;
      proxy.cutAtChunk(n, direction);
      const response = await mutate(name);
      proxy.heal();
      const state = await stateOf(name);
      if (!response.errors) expect(state).toBe(all);
      else {
        expectUnavailable(response);
        expect([all, none]).toContain(state);
      }
      outcomes.add(response.errors ? `failed: ${state}` : 'succeeded');
      await recovery();
    }
    // The cuts did land inside the mutation; cut in its last reply, it failed yet committed.
    expect(outcomes.has(`failed: ${none}`)).toBe(true);
    if (direction === 'down') expect(outcomes.has(`failed: ${all}`)).toBe(true);
  }, 120_000);
});

describe('after a fault storm', () => {
  it('serves again and holds at most pool size + 1 epoch reader connections', async () => {
    for (const [round, fault] of (['drop', 'delay', 'cut', 'drop', 'cut'] as const).entries()) {
      const requests = Array.from({ length: 3 }, (_, i) => requestMix(`${round}-${i}`)).flat();
      const running = Promise.all(requests.map((send) => send()));
      if (fault === 'drop') proxy.drop();
      else if (fault === 'delay') proxy.delay(LIMITS.statementTimeoutMs * 3);
      else setTimeout(() => proxy.cut(), 20);
      await running;
      proxy.heal();
    }
    await recovery();
    const sessions = async () =>
      Number((await direct.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows[0].count);
    // PostgreSQL notices a closed connection when it next reads from it: give it time.
    let count = await sessions();
    for (let waited = 0; count > LIMITS.poolSize + 1 && waited < 15_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      count = await sessions();
    }
    expect(count).toBeLessThanOrEqual(LIMITS.poolSize + 1);
    expect(count).toBeGreaterThan(0);
  }, 120_000);
});

describe('the default limits', () => {
  it('keep every request under 15 s by arithmetic, and are what the service starts with', () => {
    expect(worstCaseRequestMs(DEFAULT_DATABASE_LIMITS)).toBeLessThan(15_000);
    expect(loadConfig({}).database).toEqual(DEFAULT_DATABASE_LIMITS);
  });

  it('fail a request under 15 s against a dropping network', async () => {
    const defaults = await startTestApi({ serverDatabaseUrl: (url) => proxy.url(url) });
    try {
      proxy.drop();
      const outcomes = await Promise.all(
        [USERS, `mutation { createUser(input: {userName: "defaults"}) { user { userName } } }`].map((query) => timed(() => defaults.gql(query))),
      );
      for (const { ms, result } of outcomes) {
        expectUnavailable(result);
        expect(ms).toBeLessThan(15_000);
      }
    } finally {
      proxy.heal();
      await defaults.stop();
    }
  });
});

describe('the pool', () => {
  it('closes a connection given back inside a transaction instead of handing it out again', async () => {
    const pool = new BoundedPool(api.database.url, { ...LIMITS, poolSize: 1 });
    try {
      const first = await pool.connect();
      await first.query('BEGIN');
      await first.query(`INSERT INTO "Tag" (id, key, "keyLower", value, "userId") SELECT gen_random_uuid(), 'orphan', 'orphan', 'x', id FROM "User" WHERE name = 'alice'`);
      const pid = (first as unknown as { processID: number }).processID;
      first.release();
      const second = await pool.connect();
      const handedOut = { pid: (second as unknown as { processID: number }).processID, status: second.getTransactionStatus() };
      second.release();
      expect(handedOut.pid).not.toBe(pid);
      expect(handedOut.status).toBe('I');
    } finally {
      await pool.end();
    }
    expect((await direct.query(`SELECT 1 FROM "Tag" WHERE key = 'orphan'`)).rowCount).toBe(0);
  });

  it('queues for a busy connection past the connect timeout, up to the request deadline', async () => {
    const pool = new BoundedPool(api.database.url, { ...LIMITS, poolSize: 1 });
    try {
      const busy = await pool.connect();
      setTimeout(() => busy.release(), LIMITS.connectTimeoutMs * 1.5);
      // Under load a request waits its turn; the connect timeout is about a server that does not answer.
      await withDeadline(LIMITS.connectTimeoutMs * 4, () => pool.query({ text: 'SELECT 1' }));
      const held = await pool.connect();
      setTimeout(() => held.release(), LIMITS.connectTimeoutMs * 2);
      await expect(withDeadline(LIMITS.connectTimeoutMs / 2, () => pool.query({ text: 'SELECT 1' }))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await pool.end(); // after the held connection comes back
    }
  });

  it('starts no statement once the request deadline has passed', async () => {
    const pool = new BoundedPool(api.database.url, LIMITS);
    try {
      await withDeadline(0, async () => {
        await expect(pool.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
        await expect(pool.connect()).rejects.toBeInstanceOf(DatabaseUnavailableError);
      });
      expect(pool.totalCount).toBe(0);
    } finally {
      await pool.end();
    }
  });
});
