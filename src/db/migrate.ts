// Applies prisma/migrations/* in Prisma's own format and records them in _prisma_migrations,
// so that `prisma migrate deploy` elsewhere sees the same history.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './limits.ts';
import { withSchemaEngine } from './schema-engine.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

export const migrationsDir = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

/** Reads the migrations folder the way the Prisma CLI does. */
export async function readMigrationList(baseDir = migrationsDir): Promise<MigrationList> {
  const lockPath = 'migration_lock.toml';
  const lockContent = await readFile(path.join(baseDir, lockPath), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort((a, b) => a.localeCompare(b));
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => {
      const content = await readFile(path.join(baseDir, dir, 'migration.sql'), 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: Error) => ({ tag: 'error' as const, value: error.message }),
      );
      return { path: dir, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  return { baseDir, lockfile: { path: lockPath, content: lockContent }, migrationDirectories, shadowDbInitScript: '' };
}

/** Applies every migration the database has not seen yet; returns their names. */
export async function applyMigrations(databaseUrl: string, limits: DatabaseLimits = DEFAULT_DATABASE_LIMITS): Promise<string[]> {
  const migrationsList = await readMigrationList();
  // The schema engine reports a connection that never answers as "External error id#0";
  // a probe first turns an unreachable database into a message the operator can act on.
  await probeDatabase(databaseUrl, limits);
  const result = await withSchemaEngine(
    databaseUrl,
    (engine) => engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } }),
    undefined,
    limits,
  );
  return result.appliedMigrationNames;
}

async function probeDatabase(databaseUrl: string, limits: DatabaseLimits): Promise<void> {
  const timeoutMs = limits.connectTimeoutMs;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {}); // a failure surfaces below
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    // Where we tried and why it failed; the URL's user and password stay out.
    const code = (error as { code?: unknown }).code;
    const why = code === 'ECONNREFUSED' ? 'it refused the connection' : code === 'ENOTFOUND' ? 'no such host' : `no answer within ${timeoutMs} ms (DATABASE_CONNECT_TIMEOUT_MS)`;
    throw new Error(`cannot apply migrations: cannot reach the database at ${new URL(databaseUrl).host}: ${why}`, { cause: error });
  } finally {
    void client.end().catch(() => {});
  }
}
