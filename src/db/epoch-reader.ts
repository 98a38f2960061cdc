// Reads the policy epoch on a connection of its own, with a prepared statement. It is the one
// round trip on evaluateAccess's warm path: Prisma's query pipeline would double its cost, and
// the shared pool could queue it behind slow queries. SharedRead keeps at most one read in
// flight, so one connection is all it needs; it reconnects after a failure.
import pg from 'pg';

const EPOCH_QUERY = { name: 'gatehouse_policy_epoch', text: 'SELECT "value" FROM "PolicyEpoch" WHERE "id" = 1', rowMode: 'array' as const };

export class EpochReader {
  #client: Promise<pg.Client> | undefined;

  constructor(
    private readonly databaseUrl: string,
    /** Told of each statement sent (metrics, and tests that count round trips). */
    private readonly onQuery: (sql: string) => void = () => {},
  ) {}

  async read(): Promise<bigint> {
    const connecting = (this.#client ??= this.#connect());
    try {
      const client = await connecting;
      this.onQuery(EPOCH_QUERY.text);
      const result = await client.query<[string]>(EPOCH_QUERY);
      return BigInt(result.rows[0]?.[0] ?? 0);
    } catch (error) {
      if (this.#client === connecting) this.#client = undefined;
      void connecting.then((client) => client.end()).catch(() => {});
      throw error;
    }
  }

  async close(): Promise<void> {
    const connecting = this.#client;
    this.#client = undefined;
    if (connecting) await connecting.then((client) => client.end()).catch(() => {});
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    // A dropped connection surfaces on the next read; this keeps it from crashing the process.
    client.on('error', () => {
      if (this.#client) this.#client = undefined;
    });
    await client.connect();
    return client;
  }
}
