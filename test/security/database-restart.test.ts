// A PostgreSQL that stops and starts again (a second server of this file's own: the suite's
// must keep running), and a service started while its database cannot be reached.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/db/embedded-postgres.ts';
import { worstCaseRequestMs, type DatabaseLimits } from '../../src/db/limits.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';

const LIMITS: DatabaseLimits = { poolSize: 3, connectTimeoutMs: 1000, statementTimeoutMs: 1000, requestTimeoutMs: 2500, readyTimeoutMs: 500 };
const REQUEST_BOUND_MS = worstCaseRequestMs(LIMITS) + 2500;
const USERS = '{ users(first: 10) { nodes { userName } } }';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('a PostgreSQL that stops and starts again', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gatehouse-restart-pg-'));
  const options = { dataDir: path.join(root, 'data'), persistent: true, port: 0 };
  let postgres: RunningPostgres;
  let api: TestApi;

  beforeAll(async () => {
    options.port = await freePort();
    postgres = await startEmbeddedPostgres(options);
    await applyMigrations(postgres.url);
    api = await startTestApi({ database: { url: postgres.url, drop: async () => {} }, databaseLimits: LIMITS });
  });

  afterAll(async () => {
    await api?.stop();
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('fails requests at once while it is down, and serves again within seconds of its return', async () => {
    dataOf(await api.gql('mutation { createUser(input: {userName: "before"}) { user { userName } } }'));
    await postgres.stop();

    for (const query of [USERS, 'mutation { createUser(input: {userName: "during"}) { user { userName } } }']) {
      const started = Date.now();
      const response = await api.gql(query);
      expect(response.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(response)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);
      expect(Date.now() - started).toBeLessThan(REQUEST_BOUND_MS);
    }
    expect((await fetch(api.url.replace(/\/graphql$/, '/readyz'))).status).toBe(503);

    postgres = await startEmbeddedPostgres(options);
    const back = Date.now();
    let response = await api.gql<{ users: { nodes: Array<{ userName: string }> } }>(USERS);
    while (response.errors && Date.now() - back < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await api.gql(USERS);
    }
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(dataOf(response).users.nodes.map((user) => user.userName)).toEqual(['before']);
    expect((await fetch(api.url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
  }, 60_000);
});

describe('starting the service while its database is unreachable', () => {
  it('fails within the bound with a message naming the database and the timeout', async () => {
    const admin = new URL(inject('adminDatabaseUrl'));
    const proxy = await startFaultProxy({ host: admin.hostname, port: Number(admin.port) });
    proxy.drop();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, DATABASE_URL: proxy.url(admin.toString()), DATABASE_CONNECT_TIMEOUT_MS: '1000', PORT: '0', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const started = Date.now();
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      // Loading TypeScript takes a few seconds on a busy machine; the database wait is 1 s.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(code).toBe(1);
      expect(output).toContain('could not start');
      expect(output).toMatch(/cannot apply migrations: cannot reach the database at 127\.0\.0\.1:\d+: no answer within 1000 ms/);
      expect(output).not.toContain(`:${admin.password}@`); // nor the URL with its password
    } finally {
      await proxy.close();
    }
  }, 30_000);
});
