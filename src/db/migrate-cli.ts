// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database when DATABASE_URL is unset.
import { loadConfig } from '../config.ts';
import { openDatabase } from './database.ts';
import { applyMigrations } from './migrate.ts';

const config = loadConfig();
const database = await openDatabase(config);
try {
  const applied = await applyMigrations(database.url, config.database);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await database.stop();
}
