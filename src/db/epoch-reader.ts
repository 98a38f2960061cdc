// Reads the credentials epoch and the policy epochs of some accounts (primary-key rows) on a
// connection of its own, with a prepared statement. It is the one round trip on evaluateAccess's
// warm path: Prisma's query pipeline would double its cost, and
// the shared pool could queue it behind slow queries. SharedRead keeps at most one read in
// flight, so one connection is all it needs; it reconnects after a failure.
//
// A read, connecting included, gets the connect timeout (cut to the reader's request deadline):
// it reads a few primary-key rows, and callers that arrive during a read wait for it and the next, so
// its bound counts twice in a request's (limits.ts). A late read closes the connection.
import { BoundedClient, connectionConfig } from './bounded-pool.ts';
import { currentDeadline, timeLeftMs } from './deadline.ts';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './limits.ts';
import { DatabaseUnavailableError } from './unavailable.ts';

const EPOCH_QUERY_TEXT =
  'SELECT c."value", ARRAY(SELECT a."accountId" || \':\' || a."value" FROM "AccountPolicyEpoch" a WHERE a."accountId" = ANY($1::varchar[])) ' +
  'FROM "CredentialsEpoch" c WHERE c."id" = 1';

export interface Epochs {
  /** Bumped by every revocation of a credential (and a user's rename), in any account. */
  readonly credentials: bigint;
  /** Each account's, bumped by every write in it that changes what evaluateAccess reads. */
  policy(accountId: string): bigint;
}

/** The epochs as one read found them: an account that never wrote has no row, and is at 0. */
function epochsOf(credentials: string, accountEpochs: string[]): Epochs {
  const policies = new Map<string, bigint>();
  for (const entry of accountEpochs) {
    const at = entry.lastIndexOf(':');
    policies.set(entry.slice(0, at), BigInt(entry.slice(at + 1)));
  }
  return { credentials: BigInt(credentials), policy: (accountId) => policies.get(accountId) ?? 0n };
}

export class EpochReader {
  #client: Promise<BoundedClient> | undefined;

  constructor(
    private readonly databaseUrl: string,
    /** Told of each statement sent (metrics, and tests that count round trips). */
    private readonly onQuery: (sql: string) => void = () => {},
    private readonly limits: DatabaseLimits = DEFAULT_DATABASE_LIMITS,
  ) {}

  /** The credentials epoch and the policy epochs of `accountIds` (a handful: those of one wave of requests). */
  async read(accountIds: Iterable<string>): Promise<Epochs> {
    const timeoutMs = timeLeftMs(currentDeadline(), this.limits.connectTimeoutMs);
    if (timeoutMs <= 0) throw new DatabaseUnavailableError('the request deadline passed before the epochs were read');
    const connecting = (this.#client ??= this.#connect());
    connecting.catch(() => {}); // the caller below sees the failure; a late one is nobody's
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseUnavailableError(`no epochs from the database within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const client = await Promise.race([connecting, late]);
      this.onQuery(EPOCH_QUERY_TEXT);
      const query = { name: 'gatehouse_epochs', text: EPOCH_QUERY_TEXT, values: [[...accountIds]], rowMode: 'array' as const };
      const result = (await Promise.race([client.query(query), late])) as { rows: Array<[string, string[]]> };
      const [credentials, accountEpochs] = result.rows[0] ?? ['0', []];
      return epochsOf(credentials, accountEpochs);
    } catch (error) {
      if (this.#client === connecting) this.#client = undefined;
      // A late or failed connection is closed: a hung statement must not hold it.
      void connecting.then((client) => client.end()).catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const connecting = this.#client;
    this.#client = undefined;
    if (connecting) await connecting.then((client) => client.end()).catch(() => {});
  }

  #connect(): Promise<BoundedClient> {
    const client = new BoundedClient({
      ...connectionConfig(this.databaseUrl, this.limits),
      connectTimeoutMs: this.limits.connectTimeoutMs,
      answerTimeoutMs: this.limits.connectTimeoutMs,
    });
    const connecting = client.connect().then(() => client);
    // A dropped connection surfaces on the next read; this keeps it from crashing the process,
    // and closes it (only the current one is forgotten: a newer one may be in use).
    client.on('error', () => {
      if (this.#client === connecting) this.#client = undefined;
      void client.end().catch(() => {});
    });
    return connecting;
  }
}
