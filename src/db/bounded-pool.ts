// The pg pool and connections behind Prisma and the epoch reader, with every wait bounded:
// - opening a connection within the connect timeout;
// - waiting for a free pooled connection until the request's deadline (queueing behind other
//   requests is normal under load; it is the deadline, not the connect timeout, that bounds it);
// - PostgreSQL cancels a statement past statement_timeout, and ends a session left idle in a
//   transaction (ours lost track of it) past the request timeout, which releases its locks;
// - a statement whose answer does not come in time (statement timeout plus a grace, cut to the
//   request's deadline) closes its connection: its state is unknown, and a closed connection
//   is a rolled-back transaction;
// - after the request's deadline no statement starts;
// - a connection given back while still inside a transaction is closed, never reused.
import pg from 'pg';
import { currentDeadline, timeLeftMs } from './deadline.ts';
import { statementAnswerTimeoutMs, type DatabaseLimits } from './limits.ts';
import { DatabaseUnavailableError } from './unavailable.ts';

type Callback = (error: Error | null, result?: unknown) => void;

/** The pg connection settings for `limits` (no pool sizes). */
export function connectionConfig(databaseUrl: string, limits: DatabaseLimits): pg.ClientConfig {
  return {
    connectionString: databaseUrl,
    statement_timeout: limits.statementTimeoutMs,
    idle_in_transaction_session_timeout: limits.requestTimeoutMs,
    keepAlive: true,
  };
}

/** A connection whose statements are cut (and the connection closed) when their answer is late. */
export class BoundedClient extends pg.Client {
  readonly #answerTimeoutMs: number;

  constructor(config: pg.ClientConfig & { connectTimeoutMs: number; answerTimeoutMs: number }) {
    // The pool hands its own options to its connections; the connect timeout is ours.
    super({ ...config, connectionTimeoutMillis: config.connectTimeoutMs });
    this.#answerTimeoutMs = config.answerTimeoutMs;
  }

  // pg's query has many overloads; the pool and the adapters use (config) and (config, callback).
  override query(...args: unknown[]): any {
    const timeoutMs = timeLeftMs(currentDeadline(), this.#answerTimeoutMs);
    const callback = typeof args.at(-1) === 'function' ? (args.pop() as Callback) : undefined;
    if (timeoutMs <= 0) {
      const error = new DatabaseUnavailableError('the request deadline passed before the statement was sent');
      if (callback) return void process.nextTick(callback, error);
      return Promise.reject(error);
    }
    const timer = setTimeout(() => {
      // Fails the statement (and any queued behind it) with this error, and ends the connection.
      this.connection.stream.destroy(new DatabaseUnavailableError(`no answer from the database within ${timeoutMs} ms`));
    }, timeoutMs);
    if (callback) {
      return super.query(...(args as [any]), (error: Error | null, result: unknown) => {
        clearTimeout(timer);
        callback(error, result);
      });
    }
    const result = super.query(...(args as [any])) as Promise<unknown>;
    result.then(() => clearTimeout(timer), () => clearTimeout(timer));
    return result;
  }
}

/** The pool Prisma runs on. */
export class BoundedPool extends pg.Pool {
  readonly #acquireTimeoutMs: number;

  constructor(databaseUrl: string, limits: DatabaseLimits) {
    const options = {
      ...connectionConfig(databaseUrl, limits),
      max: limits.poolSize,
      // A backstop for waits nobody is left to see (ours give up at the deadline).
      connectionTimeoutMillis: limits.requestTimeoutMs,
      connectTimeoutMs: limits.connectTimeoutMs,
      answerTimeoutMs: statementAnswerTimeoutMs(limits),
      Client: BoundedClient,
    };
    super(options as unknown as pg.PoolConfig);
    this.#acquireTimeoutMs = limits.requestTimeoutMs;
    // An idle connection that breaks (the server restarted) is already dropped from the pool;
    // without a listener its error would end the process.
    this.on('error', () => {});
    this.on('release', (error: Error | undefined, client: pg.PoolClient) => {
      // The pool reuses a connection unless it is broken or ending; one still inside a
      // transaction (its ROLLBACK refused or lost) must not carry that transaction to the next
      // user. end() marks it ending before the pool looks.
      const status = client.getTransactionStatus?.();
      if (!error && (status === 'T' || status === 'E')) void client.end().catch(() => {});
    });
  }

  // The adapter's statements outside transactions: (config) in, a promise out. Other forms
  // (nobody here uses them) keep pg-pool's own.
  override query(...args: unknown[]): any {
    const config = args[0] as { submit?: unknown } | null;
    if (args.length !== 1 || typeof config !== 'object' || config === null || typeof config.submit === 'function') {
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    return this.#query(config);
  }

  // Transactions take a connection here.
  override connect(...args: unknown[]): any {
    if (args.length) return (super.connect as (...a: unknown[]) => unknown)(...args);
    return this.#acquire();
  }

  async #query(config: object): Promise<unknown> {
    const client = await this.#acquire();
    // A connection that breaks mid-statement emits an error; unheard, it would end the process.
    const ignore = () => {};
    client.on('error', ignore);
    try {
      const result = await client.query(config as pg.QueryConfig);
      client.removeListener('error', ignore);
      client.release();
      return result;
    } catch (error) {
      client.removeListener('error', ignore);
      client.release(error as Error); // as pg-pool does: a failed connection is not reused
      throw error;
    }
  }

  /** A pooled connection, waited for until the request's deadline at most. */
  async #acquire(): Promise<pg.PoolClient> {
    const waitMs = timeLeftMs(currentDeadline(), this.#acquireTimeoutMs);
    if (waitMs <= 0) throw new DatabaseUnavailableError('the request deadline passed before a connection was taken');
    const acquiring = super.connect();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseUnavailableError(`no database connection within ${waitMs} ms`)), waitMs);
    });
    try {
      return await Promise.race([acquiring, late]);
    } catch (error) {
      // Given up on: a connection that comes later goes straight back.
      acquiring.then((client) => client.release(), () => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
