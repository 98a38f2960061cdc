// The process: configuration, database (embedded when DATABASE_URL is unset), migrations,
// the management account and its root user (auth/bootstrap.ts), listen, and graceful shutdown. `npm start` execs node, so the PID
// it gives is this process. It stops in order (HTTP and the requests in flight, the pool,
// the database) on SIGTERM, SIGINT (Ctrl-C), SIGHUP (the terminal went away), and when its
// parent dies (npm killed with SIGKILL), so that nothing of it is left running.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { bootstrap } from './auth/bootstrap.ts';
import { loadMasterKey } from './auth/master-key.ts';
import { PasswordHasher } from './auth/password-hasher.ts';
import { openDatabase } from './db/database.ts';
import { applyMigrations } from './db/migrate.ts';
import { createPrisma } from './db/prisma.ts';
import { createLogger } from './logger.ts';
import { logSafeError, startupError } from './log-safe-error.ts';
import { assertPortFree, isAddressInUse, PortInUseError } from './port-check.ts';
import { createServer } from './server.ts';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
const config = configOrExit();
const logger = createLogger(config.logLevel);

// What start() has opened, to close last-opened first.
const closers: Array<{ name: string; close: () => Promise<void> }> = [];
let stopReason: string | undefined;

async function start(): Promise<void> {
  await assertPortFree(config.port, config.host);
  const database = await openDatabase(config, (message) => logger.info(message));
  closers.unshift({ name: 'database', close: () => database.stop() });
  logger.info({ embedded: database.embedded }, 'database ready');
  if (stopReason) return;
  const applied = await applyMigrations(database.url, config.database);
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  const prisma = createPrisma(database.url, { limits: config.database });
  closers.unshift({ name: 'pool', close: () => prisma.$disconnect() });
  const masterKey = await loadMasterKey(config.masterKey, config.dataDir, (message) => logger.warn(message));
  const passwordHasher = new PasswordHasher(config.auth.argon2, config.auth.maxConcurrentHashes);
  const { account, generatedRootPassword } = await bootstrap(prisma, passwordHasher, {
    accountId: config.managementAccountId,
    rootEmail: config.rootEmail,
    rootPassword: config.rootPassword,
    partition: config.partition,
  });
  if (generatedRootPassword) {
    // Printed once, on standard output, beside the log rather than in it: no log line holds a secret.
    process.stdout.write(
      `\nGatehouse created the management account ${account.id}. Its root user signs in with:\n` +
        `  email:    ${account.email}\n  password: ${generatedRootPassword}\n` +
        'This password is shown once and never again: store it now (or set GATEHOUSE_ROOT_PASSWORD before the first start).\n\n',
    );
  }
  if (stopReason) return;
  const server = await createServer({
    prisma,
    databaseUrl: database.url,
    databaseLimits: config.database,
    logger,
    partition: config.partition,
    port: config.port,
    host: config.host,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    httpLimits: config.httpLimits,
    queryLimits: config.queryLimits,
    auth: config.auth,
    audit: config.audit,
    heavyLimits: config.heavyLimits,
    decisionLog: config.decisionLog,
    masterKey,
    passwordHasher,
  }).catch((error: unknown) => {
    throw isAddressInUse(error) ? new PortInUseError(config.port, config.host) : error;
  });
  closers.unshift({ name: 'http', close: () => server.stop() });
  logger.info({ url: server.url, accountId: account.id }, 'gatehouse is listening');
}

/** Closes everything opened, each step even when an earlier one failed; false if any did. */
async function closeAll(): Promise<boolean> {
  let clean = true;
  for (const { name, close } of closers.splice(0)) {
    try {
      await close();
    } catch (error) {
      clean = false;
      logger.error({ error: logSafeError(error), step: name }, 'shutdown step failed');
    }
  }
  return clean;
}

const started = start().then(
  () => true,
  async (error: unknown) => {
    logger.fatal({ error: startupError(error) }, 'could not start');
    await closeAll();
    process.exit(1);
  },
);

async function stop(reason: string): Promise<void> {
  if (stopReason) return;
  stopReason = reason;
  if (!(await started)) return; // a failed start exits on its own
  logger.info({ reason }, 'shutting down');
  const clean = await closeAll();
  logger.info('stopped');
  process.exit(clean ? 0 : 1);
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
// Orphaned: npm (or whatever started us) is gone without passing a signal on, e.g. SIGKILL.
const parentPid = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid === parentPid) return;
  clearInterval(orphanWatch);
  void stop('parent exited');
}, 1000);
orphanWatch.unref();
