// State survives restarts: of the server on one database, and of the whole service process on
// its embedded PostgreSQL (the `npm start` path), which also checks graceful shutdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('server restart', () => {
  it('keeps users, groups and policies', async () => {
    dataOf(await api.gql(`mutation { createUser(input: {userName: "durable"}) { user { userId } } }`));
    await api.restart();
    expect(dataOf(await api.gql(`{ user(userName: "durable") { userName } }`)).user.userName).toBe('durable');
  });
});

interface ServiceProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` as `npm start` does, on an embedded database in `dataDir`. */
async function startService(dataDir: string): Promise<ServiceProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', GATEHOUSE_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /"url":"([^"]+)"/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`service exited with ${code} before listening: ${buffered}`)));
  });
  return { child, url, exited };
}

async function post(url: string, query: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

describe('service process restart on the embedded database', () => {
  it('keeps data in its data folder and exits cleanly on SIGTERM', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-restart-')), 'data');
    try {
      const first = await startService(dataDir);
      const created = await post(first.url, 'mutation { createUser(input: {userName: "persisted"}) { user { userId } } }');
      const accountId = (await post(first.url, '{ account { accountId } }')).data.account.accountId;
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = await startService(dataDir);
      const read = await post(second.url, '{ user(userName: "persisted") { userId } account { accountId } }');
      expect(read.data.user.userId).toBe(created.data.createUser.user.userId);
      expect(read.data.account.accountId).toBe(accountId);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 120_000);
});
