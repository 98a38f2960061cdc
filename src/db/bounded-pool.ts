// The pg pool and connections behind Prisma and the epoch reader, with every wait bounded:
// - connecting, and waiting for a free pooled connection, within the connect timeout;
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

const DEADLINE = Symbol('gatehouse.deadline');
type Query = { [DEADLINE]?: number | undefined };
type Callback = (error: Error | null, result?: unknown) => void;

/** The pg connection settings for `limits` (no pool sizes). */
export function connectionConfig(databaseUrl: string, limits: DatabaseLimits): pg.ClientConfig {
  return {
    connectionString: databaseUrl,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    idle_in_transaction_session_timeout: limits.requestTimeoutMs,
    keepAlive: true,
  };
}

/** A connection whose statements are cut (and the connection closed) when their answer is late. */
export class BoundedClient extends pg.Client {
  readonly #answerTimeoutMs: number;

  constructor(config: pg.ClientConfig & { answerTimeoutMs: number }) {
    super(config);
    this.#answerTimeoutMs = config.answerTimeoutMs;
  }

  // pg's query has many overloads; the pool and the adapters use (config) and (config, callback).
  override query(...args: unknown[]): any {
    const first = args[0] as (Query & object) | string;
    const deadline = typeof first === 'object' && DEADLINE in first ? first[DEADLINE] : currentDeadline();
    const timeoutMs = timeLeftMs(deadline, this.#answerTimeoutMs);
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
  constructor(databaseUrl: string, limits: DatabaseLimits) {
    const options = {
      ...connectionConfig(databaseUrl, limits),
      max: limits.poolSize,
      answerTimeoutMs: statementAnswerTimeoutMs(limits),
      Client: BoundedClient,
    };
    super(options as unknown as pg.PoolConfig);
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

  // The adapter's statements outside transactions go through here; the pool may hand the
  // connection over from another request's async context, so the deadline travels with the query.
  override query(...args: unknown[]): any {
    const deadline = currentDeadline();
    if (deadline !== undefined && deadline <= Date.now()) {
      return Promise.reject(new DatabaseUnavailableError('the request deadline passed before the statement was sent'));
    }
    const config = args[0] as { submit?: unknown } | null;
    // A copy of a plain query config; a submittable (cursor, stream) is not ours to copy.
    if (typeof config === 'object' && config !== null && typeof config.submit !== 'function') args[0] = { ...config, [DEADLINE]: deadline };
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }

  // Transactions take a connection here.
  override connect(...args: unknown[]): any {
    const deadline = currentDeadline();
    if (args.length === 0 && deadline !== undefined && deadline <= Date.now()) {
      return Promise.reject(new DatabaseUnavailableError('the request deadline passed before a connection was taken'));
    }
    return (super.connect as (...a: unknown[]) => unknown)(...args);
  }
}
