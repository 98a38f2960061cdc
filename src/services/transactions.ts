// Writes run in one transaction each, so a failed mutation changes nothing. A unique-index
// violation (two writers racing for one name) becomes the caller's ENTITY_ALREADY_EXISTS.
import { Prisma } from '../generated/prisma/client.ts';
import type { GatehouseError } from '../errors.ts';
import type { Scope, Tx } from './scope.ts';

export async function inTransaction<T>(
  scope: Scope,
  work: (tx: Tx) => Promise<T>,
  onUniqueViolation?: () => GatehouseError,
): Promise<T> {
  try {
    return await scope.prisma.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
  } catch (error) {
    if (onUniqueViolation && isUniqueViolation(error)) throw onUniqueViolation();
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const LOCKABLE = new Set(['User', 'Group', 'Role', 'Policy']);

/**
 * Locks a row until the transaction ends. Quota checks count rows and then insert; taking the
 * owner's lock first makes concurrent writers queue, so they cannot both pass the count.
 */
export async function lockRow(tx: Tx, table: 'User' | 'Group' | 'Role' | 'Policy', id: string): Promise<void> {
  if (!LOCKABLE.has(table)) throw new Error(`not a lockable table: ${table}`);
  await tx.$executeRawUnsafe(`SELECT 1 FROM "${table}" WHERE id = $1 FOR UPDATE`, id);
}
