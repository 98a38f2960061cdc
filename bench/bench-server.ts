// The bench's server: a fresh embedded PostgreSQL with the migrations applied, and the server in
// a process of its own (src/main.ts), so that the load generator and the bench's own work are not
// what limits the figures.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { applyMigrations } from '../src/db/migrate.ts';

export const ROOT_EMAIL = 'bench@gatehouse.test';
export const ROOT_PASSWORD = randomBytes(18).toString('base64url');
/** One key for every server process of the run: they share the database and its sealed secrets. */
const MASTER_KEY = randomBytes(32).toString('base64');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function freshDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
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

/** Starts src/main.ts on `databaseUrl`, with ROOT_EMAIL's root; `env` adds to (or overrides) its environment. */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'src/main.ts'], {
    // autocannon keeps each connection for the whole run; the per-socket request cap would
    // answer its extra requests 503 (Node's behaviour for clients that ignore `connection: close`).
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      HTTP_MAX_REQUESTS_PER_SOCKET: '0',
      GATEHOUSE_ROOT_EMAIL: ROOT_EMAIL,
      GATEHOUSE_ROOT_PASSWORD: ROOT_PASSWORD,
      GATEHOUSE_MASTER_KEY: MASTER_KEY,
      // the bench's load is far beyond any per-principal limit of expensive calls (issue 9)
      GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `${base}/graphql`, pid: child.pid, stop: () => new Promise<void>((resolve) => { child.on('exit', () => resolve()); child.kill('SIGTERM'); }) };
}
