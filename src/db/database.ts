// The database the service runs on: DATABASE_URL when set, otherwise the embedded PostgreSQL,
// on a data directory locked to this process for as long as it runs (see data-dir-lock.ts).
import type { Config } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(config: Config, onLog?: (message: string) => void): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  const lock = lockDataDir(config.dataDir);
  try {
    const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, persistent: true, onLog });
    const stop = async () => {
      try {
        await pg.stop();
      } finally {
        lock.release();
      }
    };
    return { url: pg.url, embedded: true, stop };
  } catch (error) {
    lock.release();
    throw error;
  }
}
