// Sign-in attempts per minute, per source address and per name tried (an email, or an account
// and user name, whether or not it exists), counted by the shared window counter: one statement
// counts both keys at once.
import { createHash } from 'node:crypto';
import type { CountedKey, WindowCounter } from './window-counter.ts';

export interface ThrottleLimits {
  readonly perIp: number;
  readonly perUser: number;
}

export class SignInThrottle {
  constructor(
    private readonly counter: WindowCounter,
    private readonly limits: ThrottleLimits,
  ) {}

  /** Counts one attempt; the seconds to wait when it is over a limit, undefined when it may go on. */
  take(sourceIp: string, name: string, now: Date): Promise<number | undefined> {
    const keys: CountedKey[] = [];
    if (this.limits.perIp > 0) keys.push({ key: `ip:${sourceIp.slice(0, 64)}`, limit: this.limits.perIp });
    // Hashed: the table holds no email addresses or user names, and every key has one length.
    if (this.limits.perUser > 0) keys.push({ key: `name:${createHash('sha256').update(name.toLowerCase()).digest('hex')}`, limit: this.limits.perUser });
    return this.counter.take(keys, now);
  }
}
