// Counts per key in fixed one-minute windows, in the database so that every server process
// shares the counts (table "SignInThrottle": sign-in attempts and heavy operations, told apart
// by their key's prefix). One statement counts every key of a call at once.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

export const WINDOW_MS = 60_000;
// Rows of windows long past are cleared by one in so many calls (cheap, and bounded: each
// window holds at most as many rows as there were distinct keys in it).
const CLEANUP_EVERY = 200;

/** A key to count, and the most its window may hold (keys are at most 200 characters). */
export interface CountedKey {
  readonly key: string;
  readonly limit: number;
}

export class WindowCounter {
  #calls = 0;

  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Adds `amount` to each key's count in the window of `now`; the seconds to the window's end
   * when a count is then over its limit, undefined when all are within.
   */
  async take(keys: readonly CountedKey[], now: Date, amount = 1): Promise<number | undefined> {
    const limits = new Map(keys.map(({ key, limit }) => [key, limit]));
    if (!limits.size) return undefined;
    const ordered = [...limits.keys()].sort(); // one order, so concurrent upserts cannot deadlock
    const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
    if (++this.#calls % CLEANUP_EVERY === 0) {
      await this.prisma.signInThrottle.deleteMany({ where: { windowStart: { lt: windowStart } } });
    }
    const rows = await this.prisma.$queryRaw<Array<{ key: string; attempts: number }>>`
      INSERT INTO "SignInThrottle" ("key", "windowStart", "attempts")
      SELECT k, ${windowStart}::timestamptz, ${amount}::int FROM unnest(ARRAY[${Prisma.join(ordered)}]::text[]) AS k
      ON CONFLICT ("key") DO UPDATE SET
        "attempts" = CASE WHEN "SignInThrottle"."windowStart" = EXCLUDED."windowStart" THEN "SignInThrottle"."attempts" + EXCLUDED."attempts" ELSE EXCLUDED."attempts" END,
        "windowStart" = EXCLUDED."windowStart"
      RETURNING "key", "attempts"`;
    if (!rows.some((row) => row.attempts > limits.get(row.key)!)) return undefined;
    return Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
  }
}
