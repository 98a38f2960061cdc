// The process: configuration, database (embedded when DATABASE_URL is unset), migrations,
// the management account, listen, and graceful shutdown on SIGTERM and SIGINT.
import { ConfigError, loadConfig } from './config.ts';
import { accountRootArn } from './domain/arn.ts';
import { openDatabase } from './db/database.ts';
import { applyMigrations } from './db/migrate.ts';
import { createPrisma } from './db/prisma.ts';
import { createLogger } from './logger.ts';
import { startupError } from './log-safe-error.ts';
import { createServer } from './server.ts';
import { ensureManagementAccount } from './services/accounts.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const logger = createLogger(config.logLevel);

try {
  const database = await openDatabase(config, (message) => logger.info(message));
  logger.info({ embedded: database.embedded }, 'database ready');
  const applied = await applyMigrations(database.url, config.database);
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  const prisma = createPrisma(database.url, { limits: config.database });
  const account = await ensureManagementAccount(prisma, config.managementAccountId);
  const caller = { accountId: account.id, arn: accountRootArn(config.partition, account.id), type: 'Root' as const };
  const server = await createServer({
    prisma,
    databaseUrl: database.url,
    databaseLimits: config.database,
    logger,
    partition: config.partition,
    port: config.port,
    host: config.host,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    resolveCaller: () => caller,
  });
  logger.info({ url: server.url, accountId: account.id }, 'gatehouse is listening');

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    await server.stop();
    await prisma.$disconnect();
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  logger.fatal({ error: startupError(error) }, 'could not start');
  process.exit(1);
}
