// State survives restarts: of the server on one database, and of the whole service process on
// its embedded PostgreSQL (the `npm start` path), which also checks the first start's bootstrap
// (a root password printed once) and graceful shutdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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
  /** Everything written to standard output so far. */
  output(): string;
}

/** Starts `src/main.ts` as `npm start` does, on an embedded database in `dataDir`. */
async function startService(dataDir: string): Promise<ServiceProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', GATEHOUSE_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.GATEHOUSE_ROOT_PASSWORD;
  delete env.GATEHOUSE_ROOT_EMAIL;
  delete env.GATEHOUSE_MASTER_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /"url":"([^"]+)"/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`service exited with ${code} before listening: ${buffered}`)));
  });
  return { child, url, exited, output: () => buffered };
}

async function post(url: string, query: string, token?: string) {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
}

async function signInAsRoot(url: string, password: string): Promise<string> {
  const answer = await post(url, `mutation { signIn(input: {email: "root@localhost", password: ${JSON.stringify(password)}}) { sessionToken } }`);
  return answer.data.signIn.sessionToken;
}

describe('service process restart on the embedded database', () => {
  it('prints a root password once on first start, keeps data and credentials in its data folder, and exits cleanly on SIGTERM', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-restart-')), 'data');
    try {
      const first = await startService(dataDir);
      const password = /password: (\S+)/.exec(first.output())?.[1];
      expect(password, first.output()).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(first.output()).toContain('generated a master key');
      // Nothing but the banner holds it: no JSON log line carries the password.
      const logLines = first.output().split('\n').filter((line) => line.startsWith('{'));
      expect(logLines.some((line) => line.includes(password!))).toBe(false);
      expect(statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
      const masterKey = readFileSync(path.join(dataDir, 'master.key'), 'utf8');

      expect((await post(first.url, '{ account { accountId } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const token = await signInAsRoot(first.url, password!);
      const created = await post(first.url, 'mutation { createUser(input: {userName: "persisted"}) { user { userId } } }', token);
      const accountId = (await post(first.url, '{ account { accountId } }', token)).data.account.accountId;
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = await startService(dataDir);
      expect(second.output()).not.toContain('password:');
      expect(second.output()).not.toContain('generated a master key');
      expect(readFileSync(path.join(dataDir, 'master.key'), 'utf8')).toBe(masterKey);
      // The session of the first process still holds; so does the password.
      const read = await post(second.url, '{ user(userName: "persisted") { userId } account { accountId } }', token);
      expect(read.data.user.userId).toBe(created.data.createUser.user.userId);
      expect(read.data.account.accountId).toBe(accountId);
      expect(await signInAsRoot(second.url, password!)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 120_000);
});
