// npm run bench:audit: auditEvents on an account with a million records (issue 9: "answers in
// milliseconds"). The trail is written with SQL (bench/audit-seed.ts); every page is read
// through the API of a server in its own process, one request at a time: the first page and the
// page ten cursors deep, for each filter alone, a combination, and none. Then what totalCount
// and verifyAuditTrail cost on the same trail, and EXPLAIN (ANALYZE, BUFFERS) of each page's
// query as Prisma sends it (BENCH_AUDIT_EXPLAIN=all for every shape; by default the slow ones).
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createPrisma } from '../src/db/prisma.ts';
import type { Scope } from '../src/services/scope.ts';
import { listAuditEvents, type AuditEventFilter } from '../src/services/audit/audit-events.ts';
import { verifyAuditTrail } from '../src/services/audit/verify-trail.ts';
import { freshDatabase, ROOT_EMAIL, ROOT_PASSWORD, startServer } from './bench-server.ts';
import { signInRoot } from './credentials.ts';
import { seedAuditTrail, type SeededTrail } from './audit-seed.ts';

const RECORDS = Number(process.env.BENCH_AUDIT_RECORDS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_AUDIT_SAMPLES ?? 40);
const PAGE = 50;
/** "Milliseconds": a page above this is reported slow, and explained. */
const SLOW_MS = 50;
const FIELDS = 'sequence time requestId principalArn credentialId sourceIp userAgent operation eventName resources outcome decision';
const QUERY = `query($f: AuditEventFilter, $after: String) { auditEvents(filter: $f, first: ${PAGE}, after: $after) { nodes { ${FIELDS} } pageInfo { endCursor hasNextPage } } }`;

type Headers = Record<string, string>;

async function post(url: string, headers: Headers, query: string, variables: Record<string, unknown> = {}): Promise<{ ms: number; data: any }> {
  const start = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const json = (await response.json()) as { data?: any; errors?: unknown[] };
  const ms = performance.now() - start;
  if (json.errors) throw new Error(`bench query failed: ${JSON.stringify(json.errors)}`);
  return { ms, data: json.data };
}

/** The filters measured, each with values that exist in the seeded trail. */
function shapes(trail: SeededTrail): Array<[string, AuditEventFilter]> {
  const day = 86_400_000;
  const middle = new Date((trail.first.getTime() + trail.last.getTime()) / 2);
  return [
    ['no filter', {}],
    ['principal (busy)', { principal: trail.principal(3) }],
    ['principal (quiet)', { principal: trail.principal(480) }],
    ['action (common)', { action: 'CreateAccessKey' }],
    ['action (rare)', { action: 'iam:UpdateAccountPasswordPolicy' }],
    ['resource (busy)', { resource: trail.resource(5) }],
    ['resource (quiet)', { resource: trail.resource(19_000) }],
    ['outcome ACCESS_DENIED', { outcome: 'ACCESS_DENIED' }],
    ['outcome SUCCESS', { outcome: 'SUCCESS' }],
    ['from/to (one day, 45 days ago)', { from: middle, to: new Date(middle.getTime() + day) }],
    ['from/to (30 days, 60 days ago)', { from: new Date(middle.getTime() - 15 * day), to: new Date(middle.getTime() + 15 * day) }],
    ['from (last hour)', { from: new Date(trail.last.getTime() - 3_600_000) }],
    ['principal + outcome + from/to', { principal: trail.principal(3), outcome: 'ACCESS_DENIED', from: new Date(trail.first.getTime() + 30 * day), to: trail.last }],
    ['action + resource', { action: 'CreateAccessKey', resource: trail.resource(5) }],
  ];
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Median and p95 of SAMPLES sends of one page (after a warm-up of 3). */
async function time(url: string, headers: Headers, variables: Record<string, unknown>): Promise<{ median: number; p95: number; rows: number }> {
  let rows = 0;
  for (let i = 0; i < 3; i++) rows = (await post(url, headers, QUERY, variables)).data.auditEvents.nodes.length;
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push((await post(url, headers, QUERY, variables)).ms);
  samples.sort((a, b) => a - b);
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95), rows };
}

/** The cursor after ten pages of `filter`, as a client paging would hold it; undefined if the list ends sooner. */
async function tenPagesIn(url: string, headers: Headers, filter: AuditEventFilter): Promise<string | undefined> {
  let after: string | undefined;
  for (let page = 0; page < 10; page++) {
    const { data } = await post(url, headers, QUERY, { f: filter, ...(after ? { after } : {}) });
    if (!data.auditEvents.pageInfo.hasNextPage) return undefined;
    after = data.auditEvents.pageInfo.endCursor;
  }
  return after;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the page query listAuditEvents sends for `filter` (after `after`), as Prisma words it. */
async function explain(databaseUrl: string, accountId: string, filter: AuditEventFilter, after?: string): Promise<string> {
  const sent: Array<{ query: string; params: string }> = [];
  const prisma = createPrisma(databaseUrl, { onQuery: () => {} });
  prisma.$on('query' as never, (event: { query: string; params: string }) => sent.push(event));
  const scope = { prisma, accountId, partition: 'aws' } as unknown as Scope;
  try {
    // cursors are sealed under a fixed key, so the server's cursor opens here too
    await listAuditEvents(scope, filter, { first: PAGE, ...(after ? { after } : {}) });
  } finally {
    await prisma.$disconnect();
  }
  const page = sent.find((s) => s.query.includes('"AuditEvent"'));
  if (!page) return '(no query captured)';
  const params = JSON.parse(page.params) as unknown[];
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const result = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${page.query}`, params.map((p) => (typeof p === 'object' && p !== null ? JSON.stringify(p) : p)));
    return result.rows.map((row) => `      ${row['QUERY PLAN']}`).join('\n');
  } finally {
    await db.end();
  }
}

/** verifyAuditTrail in this process, without a request's database deadline: how long the whole walk takes. */
async function verifyInProcess(databaseUrl: string, accountId: string): Promise<string> {
  const prisma = createPrisma(databaseUrl);
  const start = performance.now();
  try {
    const result = await verifyAuditTrail({ prisma, accountId, partition: 'aws' } as unknown as Scope, { budgetMs: Number.POSITIVE_INFINITY });
    const seconds = (performance.now() - start) / 1000;
    return `${seconds.toFixed(1)} s for ${result.checkedEvents} records, ${Math.round(result.checkedEvents / seconds)} records/s (valid: ${result.valid})`;
  } finally {
    await prisma.$disconnect();
  }
}

/** Execution time of `sql` by EXPLAIN ANALYZE, in ms. */
async function executionMs(db: pg.Client, sql: string, params: unknown[]): Promise<string> {
  const plan = (await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)).rows[0]['QUERY PLAN'][0];
  return `${plan['Execution Time'].toFixed(1)} ms`;
}

/**
 * Two things the page shapes depend on, measured in SQL: the resources index right after the
 * seed and after a VACUUM (with GIN's fastupdate, rows inserted since the last VACUUM wait in a
 * pending list that every resource query scans; the index has it off), and, for time windows,
 * the plan the planner does not pick (the time index, then a sort by sequence).
 */
async function planNotes(databaseUrl: string, accountId: string, trail: SeededTrail, windows: ReadonlyArray<[string, AuditEventFilter]>, print: (line: string) => void): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const byResource = 'SELECT * FROM "AuditEvent" WHERE "accountId" = $1 AND "resources" @> $2::jsonb ORDER BY "sequence" DESC LIMIT 51';
    const resource = JSON.stringify([trail.resource(19_000)]);
    const before = await executionMs(db, byResource, [accountId, resource]);
    await db.query('VACUUM ANALYZE "AuditEvent"');
    print(`resource (quiet) in SQL: ${before} right after the seed, ${await executionMs(db, byResource, [accountId, resource])} after VACUUM (the pages below are after VACUUM)`);
    for (const [label, { from, to }] of windows) {
      const window = 'FROM "AuditEvent" WHERE "accountId" = $1 AND "time" >= $2 AND "time" < $3';
      const params = [accountId, from, to];
      const asPlanned = await executionMs(db, `SELECT * ${window} ORDER BY "sequence" DESC LIMIT 51`, params);
      // `+ 0`: an expression no index orders, so the time index finds the window and a sort orders it
      const byTime = await executionMs(db, `SELECT * ${window} ORDER BY "sequence" + 0 DESC LIMIT 51`, params);
      print(`${label} in SQL: ${asPlanned} as planned (backward on sequence, filtering time); ${byTime} by the time index and a sort`);
    }
  } finally {
    await db.end();
  }
}

/** How long `send` took, and what it answered (or the error it got). */
async function timed(send: () => Promise<{ data: any }>, describe: (data: any) => string): Promise<string> {
  const start = performance.now();
  const answer = await send().then(({ data }) => describe(data), (error: Error) => error.message.slice(0, 240));
  return `${(performance.now() - start).toFixed(0)} ms: ${answer}`;
}

/** Prints the report's lines as they come (the whole run takes minutes). */
export async function benchAuditEvents(url: string, databaseUrl: string, root: Headers, print: (line: string) => void = console.log): Promise<void> {
  const accountId = (await post(url, root, '{ account { accountId } }')).data.account.accountId as string;
  const seedStart = performance.now();
  const trail = await seedAuditTrail(databaseUrl, accountId, RECORDS);
  const windows = shapes(trail).filter(([label]) => label.startsWith('from/to'));
  print(`seeded ${RECORDS.toLocaleString('en')} records in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; pages of ${PAGE}, ${SAMPLES} sends each, one at a time`);
  await planNotes(databaseUrl, accountId, trail, windows, print);
  print('shape                              | rows | first page median / p95 ms | 10 cursors deep median / p95 ms');
  const slow: Array<[string, AuditEventFilter, string | undefined]> = [];
  // the server's first requests of a kind are slower (JIT, caches): not a shape's cost
  for (let i = 0; i < 50; i++) await post(url, root, QUERY, { f: {} });
  for (const [label, filter] of shapes(trail)) {
    const first = await time(url, root, { f: filter });
    const after = await tenPagesIn(url, root, filter);
    const deep = after ? await time(url, root, { f: filter, after }) : undefined;
    const cell = (t: { median: number; p95: number } | undefined) => (t ? `${t.median.toFixed(1).padStart(8)} / ${t.p95.toFixed(1).padStart(7)}` : '   (fewer than 11 pages)');
    print(`${label.padEnd(34)} | ${String(first.rows).padStart(4)} | ${cell(first).padStart(26)} | ${cell(deep).padStart(26)}`);
    const all = process.env.BENCH_AUDIT_EXPLAIN === 'all';
    if (all || first.p95 > SLOW_MS) slow.push([`${label}, first page`, filter, undefined]);
    if (after && (all || deep!.p95 > SLOW_MS)) slow.push([`${label}, 10 cursors deep`, filter, after]);
  }
  const COUNT = 'query($f: AuditEventFilter) { auditEvents(filter: $f, first: 1) { totalCount } }';
  for (const [label, filter] of [['no filter', {}], ['outcome ACCESS_DENIED', { outcome: 'ACCESS_DENIED' }], ['principal (busy)', { principal: trail.principal(3) }]] as const) {
    print(`totalCount, ${label}: ${await timed(() => post(url, root, COUNT, { f: filter }), (data) => `${data.auditEvents.totalCount} records`)}`);
  }
  print(`verifyAuditTrail through the API, one call: ${await timed(() => post(url, root, '{ verifyAuditTrail { valid complete checkedEvents } }'), (data) => `valid: ${data.verifyAuditTrail.valid}, complete: ${data.verifyAuditTrail.complete}, ${data.verifyAuditTrail.checkedEvents} records`)}`);
  print(`verifyAuditTrail in process (no request deadline): ${await verifyInProcess(databaseUrl, accountId)}`);
  for (const [label, filter, after] of slow) print(`  EXPLAIN, ${label}:\n${await explain(databaseUrl, accountId, filter, after)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const database = await freshDatabase();
  const server = await startServer(database.url);
  try {
    const root = await signInRoot(server.url, ROOT_EMAIL, ROOT_PASSWORD);
    console.log(`== auditEvents at ${RECORDS.toLocaleString('en')} records (server in its own process)`);
    await benchAuditEvents(server.url, database.url, root);
  } finally {
    await server.stop();
    await database.stop();
  }
}
