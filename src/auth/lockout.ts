// Consecutive sign-in failures per principal, in the database so that every server process
// counts the same: 10 in a row lock the principal for 60 s, each further lockout doubling it, up
// to 15 minutes. A success clears the count. Times come from the caller's clock (injectable).
import { randomInt } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';

export const FAILURES_BEFORE_LOCKOUT = 10;
export const FIRST_LOCKOUT_SECONDS = 60;
export const MAX_LOCKOUT_SECONDS = 15 * 60;
// Rows that failures of names matching no principal are counted on; nothing reads them.
const DECOY_ROWS = 8;

/** The lockout key of a principal: `root:<accountId>` or `user:<userId>`. */
export type LockoutKey = `root:${string}` | `user:${string}`;

export class Lockout {
  constructor(private readonly prisma: PrismaClient) {}

  async isLocked(principal: LockoutKey, now: Date): Promise<boolean> {
    const row = await this.prisma.signInLockout.findUnique({ where: { principal }, select: { lockedUntil: true } });
    return row?.lockedUntil != null && row.lockedUntil > now;
  }

  /** Counts a failure; the tenth in a row starts a lockout. One statement, safe under concurrency. */
  async recordFailure(principal: LockoutKey, now: Date): Promise<void> {
    await this.#count(principal, now);
  }

  /**
   * The same statement as recordFailure on a decoy row, so that failures for unknown names (and
   * for a principal already locked) cost the same: a statement that writes nothing would skip
   * the commit's WAL flush, a difference a client can time. A few rows, picked at random, so
   * that concurrent failures rarely wait for one another's row lock.
   */
  async recordNothing(now: Date): Promise<void> {
    await this.#count(`decoy:${randomInt(DECOY_ROWS)}`, now);
  }

  async #count(principal: string, now: Date): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO "SignInLockout" ("principal", "failures", "lockouts") VALUES (${principal}, 1, 0)
      ON CONFLICT ("principal") DO UPDATE SET
        "failures" = CASE WHEN "SignInLockout"."failures" + 1 >= ${FAILURES_BEFORE_LOCKOUT} THEN 0 ELSE "SignInLockout"."failures" + 1 END,
        "lockouts" = CASE WHEN "SignInLockout"."failures" + 1 >= ${FAILURES_BEFORE_LOCKOUT} THEN "SignInLockout"."lockouts" + 1 ELSE "SignInLockout"."lockouts" END,
        "lockedUntil" = CASE WHEN "SignInLockout"."failures" + 1 >= ${FAILURES_BEFORE_LOCKOUT}
          THEN ${now}::timestamptz + make_interval(secs => LEAST(${FIRST_LOCKOUT_SECONDS} * power(2, LEAST("SignInLockout"."lockouts", 10)), ${MAX_LOCKOUT_SECONDS}))
          ELSE "SignInLockout"."lockedUntil" END`;
  }

  async clear(principal: LockoutKey): Promise<void> {
    await this.prisma.signInLockout.deleteMany({ where: { principal } });
  }
}
