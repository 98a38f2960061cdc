// An IAM user's password over time: replacing it keeps the old hash in PasswordHistory (at most
// 24 rows per user, AWS's largest reuse prevention), and a new password may not be one of the
// last `passwordReusePrevention` (the current one included).
import type { PasswordHasher } from '../auth/password-hasher.ts';
import { GatehouseError } from '../errors.ts';
import type { Tx } from './scope.ts';

export const MAX_PASSWORD_HISTORY = 24;

type Reader = Pick<Tx, 'passwordHistory'>;

/**
 * Whether `password` is one of the user's `remembered` newest earlier passwords. Each check is
 * an argon2 verification (bounded by the hasher), so this costs at most 24 of them.
 */
export async function isRecentPassword(db: Reader, hasher: PasswordHasher, userId: string, password: string, remembered: number): Promise<boolean> {
  if (remembered <= 0) return false;
  const rows = await db.passwordHistory.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    take: Math.min(remembered, MAX_PASSWORD_HISTORY),
    select: { passwordHash: true },
  });
  for (const row of rows) if (await hasher.verify(row.passwordHash, password)) return true;
  return false;
}

/** PASSWORD_POLICY_VIOLATION on `field` for a password used too recently. */
export const reusedPassword = (field: string, remembered: number) =>
  new GatehouseError('PASSWORD_POLICY_VIOLATION', `\`${field}\`: the password must not be one of the last ${remembered} passwords`, { field });

/**
 * Locks the user's login profile until the transaction ends and returns its current hash (null
 * without a profile): concurrent changes of one password queue here, so each keeps the hash it
 * replaces.
 */
export async function lockPasswordHash(tx: Tx, userId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<Array<{ passwordHash: string }>>`SELECT "passwordHash" FROM "LoginProfile" WHERE "userId" = ${userId} FOR UPDATE`;
  return rows[0]?.passwordHash ?? null;
}

/** Sets a new password hash, keeping the replaced one in the history (call lockPasswordHash first). */
export async function replacePassword(
  tx: Tx,
  change: { userId: string; oldHash: string; newHash: string; passwordResetRequired: boolean; now: Date },
): Promise<void> {
  const { userId, now } = change;
  // Strictly increasing per user, so the order stays total even when the clock stands still
  // (tests) or steps back; the profile's row lock serialises the writers of one user.
  const newest = await tx.passwordHistory.findFirst({ where: { userId }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
  const createdAt = newest && newest.createdAt >= now ? new Date(newest.createdAt.getTime() + 1) : now;
  await tx.passwordHistory.create({ data: { userId, passwordHash: change.oldHash, createdAt } });
  const kept = await tx.passwordHistory.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: MAX_PASSWORD_HISTORY, select: { id: true } });
  await tx.passwordHistory.deleteMany({ where: { userId, id: { notIn: kept.map((row) => row.id) } } });
  await tx.loginProfile.update({
    where: { userId },
    data: { passwordHash: change.newHash, passwordChangedAt: now, passwordResetRequired: change.passwordResetRequired },
  });
}
