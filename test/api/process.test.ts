// The process, seen from outside as a user runs it: `npm start` in a process group of its own
// (as `setsid npm start &` does), stopped by a signal to the PID npm start gave. Afterwards
// nothing may be left: not npm, not node, not PostgreSQL (which runs in a session of its
// own), and the cluster must have been shut down cleanly (no crash recovery on next start).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface NpmStart {
  child: ChildProcess;
  pid: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let root: string;
let dataDir: string;
const ROOT_PASSWORD = 'process test root password';
const started: NpmStart[] = [];
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'gatehouse-process-'));
  chmodSync(root, 0o755); // reachable by the postgres user when we are root, so -D names it
  dataDir = path.join(root, 'data');
});
afterEach(() => {
  for (const { pid } of started.splice(0)) signalGroup(pid, 'SIGKILL');
  for (const pid of processes((p) => p.cmdline.includes(dataDir)).map((p) => p.pid)) signalGroup(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function npmStart(env: Record<string, string> = {}): NpmStart {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', GATEHOUSE_DATA_DIR: dataDir, LOG_LEVEL: 'info', GATEHOUSE_ROOT_PASSWORD: ROOT_PASSWORD, ...env };
  delete fullEnv.DATABASE_URL;
  const child = spawn('npm', ['start'], { env: fullEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const start = { child, pid: child.pid!, output: () => output, exited };
  started.push(start);
  return start;
}

/** Waits for the service's URL in its log, then for /readyz. */
async function listening(start: NpmStart): Promise<string> {
  for (;;) {
    const url = /"url":"([^"]+)"/.exec(start.output())?.[1];
    if (url && (await fetch(new URL('/readyz', url)).then((r) => r.ok, () => false))) return url;
    const gone = await Promise.race([start.exited.then(() => true), sleep(200).then(() => false)]);
    if (gone) throw new Error(`npm start exited before it was ready: ${start.output()}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface ProcessInfo {
  pid: number;
  pgrp: number;
  cmdline: string;
}

function processes(filter: (p: ProcessInfo) => boolean): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const info = { pid: Number(entry), pgrp, cmdline };
      if (filter(info)) found.push(info);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** The process groups of the service: npm's own and PostgreSQL's (found by its -D argument). */
function serviceGroups(start: NpmStart): Set<number> {
  const postgres = processes((p) => p.cmdline.includes(dataDir));
  expect(postgres.length).toBeGreaterThan(0);
  return new Set([start.pid, ...postgres.map((p) => p.pgrp)]);
}

/** What is left of the service 15 s after it was told to stop, polled until nothing is. */
async function leftAfterStop(groups: Set<number>): Promise<string[]> {
  const left = () => processes((p) => groups.has(p.pgrp) || p.cmdline.includes(dataDir)).map((p) => `${p.pid} ${p.cmdline}`);
  const deadline = Date.now() + 15_000;
  while (left().length && Date.now() < deadline) await sleep(250);
  return left();
}

/** pg_control's `state` (an int32 at byte 16, pg_control.h): 1 is DB_SHUTDOWNED, a clean stop. */
function clusterState(): number {
  return readFileSync(path.join(dataDir, 'global', 'pg_control')).readInt32LE(16);
}

/** Posts `query` as the root user, signed in (with GATEHOUSE_ROOT_PASSWORD) for the occasion. */
async function post(url: string, query: string) {
  const send = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  };
  const signIn = await send({ query: 'mutation($p: String!) { signIn(input: {email: "root@localhost", password: $p}) { sessionToken } }', variables: { p: ROOT_PASSWORD } });
  return send({ query }, { authorization: `Bearer ${signIn.data.signIn.sessionToken}` });
}

describe('npm start, stopped from outside', () => {
  it('stops service and PostgreSQL gracefully on SIGTERM to the PID npm start gave', async () => {
    const service = npmStart();
    await listening(service);
    const groups = serviceGroups(service);
    process.kill(service.pid, 'SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(await leftAfterStop(groups)).toEqual([]);
    expect(service.output()).toContain('"msg":"stopped"');
    expect(clusterState()).toBe(1);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  }, 120_000);

  it('stops gracefully on Ctrl-C (SIGINT to the whole process group)', async () => {
    const service = npmStart();
    await listening(service);
    const groups = serviceGroups(service);
    process.kill(-service.pid, 'SIGINT');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(await leftAfterStop(groups)).toEqual([]);
    expect(service.output()).toMatch(/"reason":"SIGINT","msg":"shutting down"[^\n]*\n[^\n]*"msg":"stopped"/);
    expect(clusterState()).toBe(1);
  }, 120_000);

  it('stops gracefully when npm is killed outright (SIGKILL), as an orphan', async () => {
    const service = npmStart();
    await listening(service);
    const groups = serviceGroups(service);
    process.kill(service.pid, 'SIGKILL');
    expect(await leftAfterStop(groups)).toEqual([]);
    expect(service.output()).toContain('"reason":"parent exited"');
    expect(service.output()).toContain('"msg":"stopped"');
    expect(clusterState()).toBe(1);
  }, 120_000);
});

describe('a second npm start', () => {
  it('fails at once on a data directory or a port in use and harms nothing; a stale lock does not block', async () => {
    // Left by a gatehouse killed with SIGKILL: its PID is gone.
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout);
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: deadPid, started: null }));
    const first = npmStart();
    const url = await listening(first);
    const created = await post(url, 'mutation { createUser(input: {userName: "first"}) { user { userId } } }');
    const port = new URL(url).port;

    const sameDir = npmStart();
    expect((await sameDir.exited).code).toBe(1);
    expect(sameDir.output()).toContain(`data directory \`${dataDir}\` is in use by process`);

    const samePort = npmStart({ PORT: port, GATEHOUSE_DATA_DIR: path.join(root, 'other') });
    expect((await samePort.exited).code).toBe(1);
    expect(samePort.output()).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(existsSync(path.join(root, 'other'))).toBe(false); // failed before starting a database

    const read = await post(url, '{ user(userName: "first") { userId } }');
    expect(read.data.user.userId).toBe(created.data.createUser.user.userId);
    process.kill(first.pid, 'SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(clusterState()).toBe(1);
  }, 180_000);
});
