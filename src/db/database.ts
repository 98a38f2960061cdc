// The database the service runs on: DATABASE_URL when set, otherwise the embedded PostgreSQL.
import type { Config } from '../config.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(config: Config, onLog?: (message: string) => void): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, persistent: true, onLog });
  return { url: pg.url, embedded: true, stop: pg.stop };
}
