// Writes run in one transaction each, so a failed mutation changes nothing. A unique-index
// violation (two writers racing for one name) becomes the caller's ENTITY_ALREADY_EXISTS.
// How long a transaction may wait for a connection and run is the client's (db/prisma.ts:
// the connect timeout and the request timeout); a connection cut mid-way rolls it back.
// The request's audit record (scope.audit) is written last in the mutation's transaction, so the
// change and its record commit together or not at all; it holds its targets' state as the
// transaction found them and as it leaves them.
import { Prisma } from '../generated/prisma/client.ts';
import { GatehouseError } from '../errors.ts';
import { appendAuditEvent } from './audit/audit-chain.ts';
import { entityStates } from './audit/entity-state.ts';
import type { Scope, Tx } from './scope.ts';

export async function inTransaction<T>(
  scope: Scope,
  work: (tx: Tx) => Promise<T>,
  onUniqueViolation?: () => GatehouseError,
): Promise<T> {
  const draft = scope.audit?.current;
  const audited = draft !== undefined && draft.isMutation && !draft.written;
  // what this request read by name before may be what this write changes
  scope.named?.forget();
  try {
    const result = await scope.prisma.$transaction(async (tx) => {
      const states = () => entityStates(tx, scope.partition, scope.accountId, draft!.resources);
      const before = audited ? await states() : undefined;
      const done = await work(tx);
      if (audited) await appendAuditEvent(tx, draft, { outcome: 'SUCCESS', errorMessage: null, result: done, before, after: await states() });
      return done;
    });
    if (audited) draft.written = true;
    return result;
  } catch (error) {
    if (onUniqueViolation && isUniqueViolation(error)) throw onUniqueViolation();
    // Behind the row locks, a last line: an entity deleted by a concurrent writer is the
    // caller's NO_SUCH_ENTITY, never an internal error.
    if (isKnownError(error, 'P2003') || isKnownError(error, 'P2025')) {
      throw new GatehouseError('NO_SUCH_ENTITY', 'an entity this request refers to was deleted while it ran');
    }
    throw error;
  } finally {
    scope.named?.forget();
  }
}

function isKnownError(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

export function isUniqueViolation(error: unknown): boolean {
  return isKnownError(error, 'P2002');
}

const LOCKABLE = new Set(['User', 'Group', 'Role', 'Policy']);

/**
 * Locks a row until the transaction ends, and checks it still exists (a concurrent delete may
 * have won); `gone` makes the error for that case.
 * - FOR UPDATE, on the row a write changes or counts under: quota checks count rows and then
 *   insert, and deletes count dependents, so concurrent writers queue and cannot both pass.
 * - FOR SHARE, on a row a write merely refers to (the policy being attached): it cannot be
 *   deleted until the write commits, and then the delete sees the new reference.
 */
export async function lockRow(
  tx: Tx,
  table: 'User' | 'Group' | 'Role' | 'Policy',
  id: string,
  gone: () => GatehouseError,
  mode: 'UPDATE' | 'SHARE' = 'UPDATE',
): Promise<void> {
  if (!LOCKABLE.has(table)) throw new Error(`not a lockable table: ${table}`);
  const rows = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${table}" WHERE id = $1 FOR ${mode}`, id);
  if (rows.length === 0) throw gone();
}
