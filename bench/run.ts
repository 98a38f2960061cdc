// npm run bench: the policy engine on its own, then evaluateAccess over HTTP next to a trivial
// GraphQL query measured the same way in the same run (the machine is shared and noisy, so
// the ratios are the figures to read). The server runs in its own process on a fresh database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { benchEngine, formatEngineReport } from './engine.ts';
import { benchLists } from './lists.ts';
import { benchPermissions } from './permissions.ts';
import { runLoad } from './http-load.ts';
import { seedRealisticPrincipal } from './seed.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function freshDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = postgres.url.replace(/\/postgres$/, '/bench');
  await applyMigrations(url);
  return { url, stop: async () => { await postgres.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

async function startServer(databaseUrl: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    // autocannon keeps each connection for the whole run; the per-socket request cap would
    // answer its extra requests 503 (Node's behaviour for clients that ignore `connection: close`).
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', HTTP_MAX_REQUESTS_PER_SOCKET: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `${base}/graphql`, stop: () => new Promise<void>((resolve) => { child.on('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

console.log('== policy engine (one core, in process)');
console.log(formatEngineReport(await benchEngine()));
console.log(`\n== effective permissions (server in this process, its own database; ratios to one evaluateAccess)\n${await benchPermissions()}`);

console.log(`\n== HTTP (server in its own process, load from autocannon in another; ${SECONDS}s per run after 1s warm-up)`);
const database = await freshDatabase();
const server = await startServer(database.url);
try {
  const principal = await seedRealisticPrincipal(server.url);
  const trivial = JSON.stringify({ query: '{ __typename }' });
  const evaluate = JSON.stringify({
    query: 'query($i: EvaluateAccessInput!) { evaluateAccess(input: $i) { decision } }',
    variables: { i: { principal, action: 's3:PutObject', resource: 'arn:aws:s3:::home/alice/notes.txt', context: [{ key: 'aws:SourceIp', values: ['10.1.2.3'] }] } },
  });
  console.log('concurrency | { __typename } req/s  p50 ms  p99 ms | evaluateAccess req/s  p50 ms  p99 ms | ratio');
  for (const concurrency of [1, 10, 50]) {
    const base = await runLoad(server.url, trivial, concurrency, SECONDS, (json) => json.data?.__typename === 'Query');
    const access = await runLoad(server.url, evaluate, concurrency, SECONDS, (json) => json.data?.evaluateAccess?.decision === 'ALLOWED');
    const cells = (r: typeof base) => `${String(r.requestsPerSecond).padStart(10)} ${r.p50Ms.toFixed(2).padStart(7)} ${r.p99Ms.toFixed(2).padStart(7)}`;
    const errors = base.errors + access.errors ? `  (errors: ${base.errors + access.errors})` : '';
    console.log(`${String(concurrency).padStart(11)} | ${cells(base)}          | ${cells(access)}         | ${(access.requestsPerSecond / base.requestsPerSecond).toFixed(2)}${errors}`);
  }
  // last: it fills the account with 100,000 of each entity
  console.log(`\n== lists (${SECONDS}s per page kind and size)`);
  console.log(await benchLists(server.url, database.url, SECONDS));
} finally {
  await server.stop();
  await database.stop();
}
