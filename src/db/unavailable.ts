// Whether a failure means "the database did not answer" (down, unreachable, too slow, or the
// request ran out of time for it), as opposed to a bug or a rejected statement. Clients get
// SERVICE_UNAVAILABLE for these (retry later), never the driver's text.

/** Raised by this service's own database bounds (graphql/format-error.ts maps it). */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

// PostgreSQL SQLSTATEs: 08 connection exception, 53 insufficient resources (too many
// connections), 57 operator intervention (57014 statement timeout, 57P01 shutdown, 57P03
// starting up), 25P03 idle-in-transaction timeout.
const SQLSTATE = /^(08|53|57)|^25P03$/;
// Prisma's codes for the same: can't reach, timed out, connection closed, pool timeout,
// transaction could not start or expired, too many connections.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2037']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres and pg-pool raise these as plain errors, without a code.
const DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'timeout expired',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    if (current instanceof DatabaseUnavailableError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
    // Prisma reports PostgreSQL's own errors (a cancelled statement) as P2010 with the SQLSTATE here.
    const sqlstate = (current as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta?.driverAdapterError?.cause?.originalCode;
    if (typeof sqlstate === 'string' && SQLSTATE.test(sqlstate)) return true;
    if (DRIVER_MESSAGES.some((message) => current.message.startsWith(message))) return true;
    if (current.name === 'PrismaClientInitializationError') return true;
  }
  return false;
}
