// PostgreSQL cannot store or compare text holding U+0000 (SQLSTATE 22021: invalid byte sequence
// for UTF-8; 22P05: untranslatable character). Any string a client sends may end up in a lookup,
// a filter or a write, so the statement that meets it is where such text is caught, whatever the
// field: the client's BAD_USER_INPUT, never an internal error (a write's transaction has rolled back).
import { GatehouseError } from '../errors.ts';

const SQLSTATES = new Set(['22021', '22P05']);

/** The client's error for a statement refused over text PostgreSQL cannot hold; undefined for any other failure. */
export function unstorableTextError(error: unknown): GatehouseError | undefined {
  // Prisma keeps the SQLSTATE under the driver adapter's cause; node-postgres's own errors carry it as `code`
  const driverCause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  const sqlstate = driverCause?.originalCode ?? (error as { code?: unknown } | null)?.code;
  if (typeof sqlstate !== 'string' || !SQLSTATES.has(sqlstate)) return undefined;
  return new GatehouseError('BAD_USER_INPUT', 'the input holds U+0000 (or another character PostgreSQL cannot hold): remove it');
}
