// Expensive operations (the catalog's `heavy` root fields) per principal per minute, counted by
// the shared window counter under `heavy:<sha256 of the principal's ARN>`: every server process
// shares the count, and the table holds no ARNs.
import { createHash } from 'node:crypto';
import type { WindowCounter } from './window-counter.ts';

export interface HeavyLimits {
  /** Heavy root fields one principal may run per minute; 0 turns the limit off. */
  readonly perPrincipal: number;
}

export const DEFAULT_HEAVY_LIMITS: HeavyLimits = Object.freeze({ perPrincipal: 600 });

export class HeavyOperationLimit {
  constructor(
    private readonly counter: WindowCounter,
    readonly limits: HeavyLimits,
  ) {}

  /** Counts `count` heavy fields of `principalArn`; the seconds to wait when that is over the limit, undefined when they may run. */
  async take(principalArn: string, count: number, now: Date): Promise<number | undefined> {
    if (this.limits.perPrincipal <= 0 || count <= 0) return undefined;
    const key = `heavy:${createHash('sha256').update(principalArn).digest('hex')}`;
    return this.counter.take([{ key, limit: this.limits.perPrincipal }], now, count);
  }
}
