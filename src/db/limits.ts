// How long the service waits on PostgreSQL, and how many connections it holds. Every wait has a
// bound, so a database that is down, unreachable (packets dropped) or very slow costs a request
// a bounded time and a generic error, never a hang.
export interface DatabaseLimits {
  /** Connections in the request pool (the policy-epoch reader holds one more). */
  readonly poolSize: number;
  /** To open a connection; also a policy-epoch read's whole budget (connecting and answering). */
  readonly connectTimeoutMs: number;
  /** PostgreSQL cancels a statement that runs longer (statement_timeout). */
  readonly statementTimeoutMs: number;
  /**
   * A request's database work: no statement starts after this much of the request, and neither
   * a free pooled connection nor an answer is awaited past it; also the transaction timeout.
   */
  readonly requestTimeoutMs: number;
  /** How long /readyz waits for `SELECT 1`. */
  readonly readyTimeoutMs: number;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = Object.freeze({
  poolSize: 10,
  connectTimeoutMs: 2000,
  statementTimeoutMs: 4000,
  requestTimeoutMs: 8000,
  readyTimeoutMs: 2000,
});

/**
 * A statement gets this much longer than statement_timeout before the client gives up on a
 * silent server and closes the connection: a server that answers at all answers with its own
 * cancellation first, which keeps the connection.
 */
export const SILENT_SERVER_GRACE_MS = 1000;

/** How long a statement may wait for its answer, outside any request. */
export function statementAnswerTimeoutMs(limits: DatabaseLimits): number {
  return limits.statementTimeoutMs + SILENT_SERVER_GRACE_MS;
}

/**
 * The longest a request can take on the database (README, Limits): its statements' waits for a
 * connection and for answers end at the request deadline; a policy-epoch read (connecting
 * included, within the connect timeout) that starts near the deadline may have to wait for the
 * one before it.
 */
export function worstCaseRequestMs(limits: DatabaseLimits): number {
  return limits.requestTimeoutMs + 2 * limits.connectTimeoutMs;
}
