// One service per data directory. A second `npm start` (or `npm run db:migrate`) on a folder
// already in use must fail at once, before it touches the cluster, with a message that names
// the holder. The lock is a file beside the folder (initdb wants the folder itself empty),
// created atomically with its content (written to a private file, then linked into place, so
// no reader ever sees it half written), holding the owner's PID and start time. A lock whose
// owner is gone (killed with SIGKILL, a crash, a reboot) is stale and taken over: the PID is
// not running, or it now belongs to a process that started later. Two starts racing for one
// stale lock could in theory both pass; PostgreSQL's own postmaster.pid still stops the
// second cluster, so the lock is the clear message, not the last line of defence.
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock if it is still ours; safe to call more than once. */
  release(): void;
}

interface Holder {
  pid: number;
  /** The process's start time in clock ticks after boot (Linux); null where unknown. */
  started: number | null;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: Holder = { pid: process.pid, started: startTime(process.pid) };
  const content = JSON.stringify(me);
  const draft = `${lockPath}.${process.pid}`;
  writeFileSync(draft, content, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(lockPath);
        if ((holder && isRunning(holder)) || attempt > 0) {
          const who = holder ? `process ${holder.pid}` : 'another process';
          throw new DataDirInUseError(
            `data directory \`${dataDir}\` is in use by ${who}: stop that gatehouse first, or set GATEHOUSE_DATA_DIR to another folder (lock file \`${lockPath}\`)`,
          );
        }
        rmSync(lockPath, { force: true }); // stale: its owner is gone
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  const release = () => {
    process.off('exit', release);
    try {
      if (readFileSync(lockPath, 'utf8') === content) rmSync(lockPath, { force: true });
    } catch {
      // already gone
    }
  };
  // Every ordinary exit path (process.exit, an uncaught error) lets go of the lock too.
  process.on('exit', release);
  return { path: lockPath, release };
}

function readHolder(lockPath: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<Holder>;
    if (!Number.isInteger(parsed.pid) || parsed.pid! <= 0) return undefined;
    return { pid: parsed.pid!, started: typeof parsed.started === 'number' ? parsed.started : null };
  } catch {
    return undefined; // unreadable or garbage: treat as stale
  }
}

function isRunning(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The PID is taken; by the same process only if it started at the same moment.
  const started = startTime(holder.pid);
  return holder.started === null || started === null || started === holder.started;
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces). */
function startTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
