// One process per data directory: a live holder blocks a second, a dead one (kill -9, a
// reused PID) does not block the next start forever.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../src/db/data-dir-lock.ts';

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'gatehouse-lock-'));
  dataDir = path.join(root, 'data');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('lockDataDir', () => {
  it('refuses a second holder while the first lives, naming it', () => {
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    expect(() => lockDataDir(dataDir)).toThrowError(DataDirInUseError);
    expect(() => lockDataDir(dataDir)).toThrowError(`data directory \`${dataDir}\` is in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lockDataDir(dataDir).release();
  });

  it.each([
    ['a process that is gone', () => JSON.stringify({ pid: deadPid(), started: null })],
    ['a PID now used by a process that started later', () => JSON.stringify({ pid: process.pid, started: 1 })],
    ['unreadable content', () => 'not json'],
  ])('takes over a stale lock left by %s', (_, content) => {
    writeFileSync(`${dataDir}.lock`, content());
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('releases only its own lock', () => {
    const lock = lockDataDir(dataDir);
    writeFileSync(lock.path, JSON.stringify({ pid: 1, started: null }));
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});
