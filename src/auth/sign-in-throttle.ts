// Sign-in attempts per minute, per source address and per name tried (an email, or an account
// and user name, whether or not it exists), counted in the database so that every server process
// shares the count. Fixed one-minute windows: one statement counts both keys at once.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';

const WINDOW_MS = 60_000;
// Rows of windows long past are cleared by one in so many calls (cheap, and bounded: each
// window holds at most as many rows as there were distinct keys in it).
const CLEANUP_EVERY = 200;

export interface ThrottleLimits {
  readonly perIp: number;
  readonly perUser: number;
}

export class SignInThrottle {
  #calls = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly limits: ThrottleLimits,
  ) {}

  /** Counts one attempt; the seconds to wait when it is over a limit, undefined when it may go on. */
  async take(sourceIp: string, name: string, now: Date): Promise<number | undefined> {
    const keys: Array<{ key: string; limit: number }> = [];
    if (this.limits.perIp > 0) keys.push({ key: `ip:${sourceIp.slice(0, 64)}`, limit: this.limits.perIp });
    // Hashed: the table holds no email addresses or user names, and every key has one length.
    if (this.limits.perUser > 0) keys.push({ key: `name:${createHash('sha256').update(name.toLowerCase()).digest('hex')}`, limit: this.limits.perUser });
    if (!keys.length) return undefined;
    keys.sort((a, b) => (a.key < b.key ? -1 : 1)); // one order, so concurrent upserts cannot deadlock
    const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
    if (++this.#calls % CLEANUP_EVERY === 0) {
      await this.prisma.signInThrottle.deleteMany({ where: { windowStart: { lt: windowStart } } });
    }
    const first = keys[0]!.key;
    const second = keys[1]?.key ?? first;
    const rows = await this.prisma.$queryRaw<Array<{ key: string; attempts: number }>>`
      INSERT INTO "SignInThrottle" ("key", "windowStart", "attempts")
      SELECT DISTINCT k, ${windowStart}::timestamptz, 1 FROM unnest(ARRAY[${first}, ${second}]::text[]) AS k
      ON CONFLICT ("key") DO UPDATE SET
        "attempts" = CASE WHEN "SignInThrottle"."windowStart" = EXCLUDED."windowStart" THEN "SignInThrottle"."attempts" + 1 ELSE 1 END,
        "windowStart" = EXCLUDED."windowStart"
      RETURNING "key", "attempts"`;
    const over = rows.some((row) => row.attempts > keys.find((k) => k.key === row.key)!.limit);
    if (!over) return undefined;
    return Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
  }
}
