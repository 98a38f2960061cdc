// Consecutive sign-in failures per principal, in the database so that every server process
// counts the same: 10 in a row lock the principal for 60 s, each further lockout doubling it, up
// to 15 minutes. A success clears the count. Times come from the caller's clock (injectable).
import type { PrismaClient } from '../generated/prisma/client.ts';

export const FAILURES_BEFORE_LOCKOUT = 10;
export const FIRST_LOCKOUT_SECONDS = 60;
export const MAX_LOCKOUT_SECONDS = 15 * 60;

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
    await this.prisma.$executeRaw`
      INSERT INTO "SignInLockout" ("principal", "failures", "lockouts") VALUES (${principal}, 1, 0)
      ON CONFLICT ("principal") DO UPDATE SET
        "failures" = CASE WHEN "SignInLockout"."failures" + 1 >= ${FAILURES_BEFORE_LOCKOUT} THEN 0 ELSE "SignInLockout"."failures" + 1 END,
        "lockouts" = CASE WHEN "SignInLockout"."failures" + 1 >= ${FAILURES_BEFORE_LOCKOUT} THEN "SignInLockout"."lockouts" + 1 ELSE "SignInLockout"."lockouts" END,
        "lockedUntil" = CASE WHEN "SignInLockout"."failures" + 1 >= ${FAILURES_BEFORE_LOCKOUT}
          THEN ${now}::timestamptz + make_interval(secs => LEAST(${FIRST_LOCKOUT_SECONDS} * power(2, LEAST("SignInLockout"."lockouts", 10)), ${MAX_LOCKOUT_SECONDS}))
          ELSE "SignInLockout"."lockedUntil" END`;
  }

  /** A statement of the same cost as recordFailure that changes nothing: failures for unknown names cost the same. */
  async recordNothing(): Promise<void> {
    await this.prisma.$executeRaw`UPDATE "SignInLockout" SET "failures" = "failures" WHERE "principal" = ''`;
  }

  async clear(principal: LockoutKey): Promise<void> {
    await this.prisma.signInLockout.deleteMany({ where: { principal } });
  }
}
