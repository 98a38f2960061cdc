// `npm run db:diff -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the committed migrations to prisma/schema.prisma. Needs a scratch
// database to replay the migrations into: DATABASE_URL, or the embedded one.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from './database.ts';
import { migrationsDir, readMigrationList } from './migrate.ts';
import { withSchemaEngine } from './schema-engine.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:diff -- <snake_case_name>');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase(config);
try {
  const datamodel = await readFile(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
  const migrationsList = await readMigrationList();
  const { stdout: sql } = await withSchemaEngine(
    database.url,
    (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: datamodel }] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      }),
    datamodel,
  );
  if (!sql?.trim() || sql.includes('This is an empty migration')) {
    console.log('schema.prisma matches the migrations: nothing to write');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await database.stop();
}
