// When each access key was last used, and for what (AWS GetAccessKeyLastUsed), without a
// statement per signed request: uses are kept in memory, one per key (the latest), and written
// in one statement a few seconds after the first of a batch, when the server stops, and before
// this process answers a read of them. A write only moves a key's record forward in time, so
// processes sharing a database cannot set it back. Memory is bounded by the keys in use: a use
// is recorded only after its key authenticated a request.
import type { PrismaClient } from '../generated/prisma/client.ts';

export const KEY_USAGE_FLUSH_MS = 5000;
const MAX_KEYS_PER_STATEMENT = 1000;
const MAX_OPERATION_LENGTH = 128;

interface KeyUse {
  readonly at: Date;
  readonly operation: string;
}

export class KeyUsage {
  #pending = new Map<string, KeyUse>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    /** The region signed requests name (there is one per server). */
    private readonly region: string,
    /** Told of a background write that failed; the uses stay pending for the next one. */
    private readonly onError: (error: unknown) => void = () => {},
    private readonly flushAfterMs = KEY_USAGE_FLUSH_MS,
  ) {}

  /** Notes that `accessKeyId` authenticated a request at `at` that ran `operation` (a root field). */
  record(accessKeyId: string, at: Date, operation: string): void {
    const known = this.#pending.get(accessKeyId);
    if (known && known.at > at) return;
    this.#pending.set(accessKeyId, { at, operation: operation.slice(0, MAX_OPERATION_LENGTH) });
    this.#schedule();
  }

  /** Writes every pending use; resolves once they are in the database (rejects, keeping them, if not). */
  flush(): Promise<void> {
    // One write at a time, so that a later flush never overtakes an earlier one.
    const write = this.#writing.then(() => this.#write());
    this.#writing = write.catch(() => {});
    return write;
  }

  /** Stops the timer and writes what is pending; never throws (a failure goes to `onError`). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush().catch(this.onError);
  }

  #schedule(): void {
    if (this.#timer || this.#stopped || this.#pending.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch(this.onError);
    }, this.flushAfterMs);
    // Pending uses must not keep a process alive that has nothing else to do.
    this.#timer.unref();
  }

  async #write(): Promise<void> {
    // Everything pending is written now: a use recorded from here on starts a timer of its own.
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending];
    this.#pending = new Map();
    try {
      for (let start = 0; start < batch.length; start += MAX_KEYS_PER_STATEMENT) await this.#update(batch.slice(start, start + MAX_KEYS_PER_STATEMENT));
    } catch (error) {
      // Put back what a newer use has not replaced meanwhile, and try again later.
      for (const [id, use] of batch) {
        const newer = this.#pending.get(id);
        if (!newer || newer.at < use.at) this.#pending.set(id, use);
      }
      this.#schedule();
      throw error;
    }
  }

  async #update(uses: Array<[string, KeyUse]>): Promise<void> {
    const ids = uses.map(([id]) => id);
    const times = uses.map(([, use]) => use.at.toISOString());
    const operations = uses.map(([, use]) => use.operation);
    await this.prisma.$executeRaw`
      UPDATE "AccessKey" AS k
      SET "lastUsedAt" = u.at, "lastUsedService" = 'iam', "lastUsedRegion" = ${this.region}, "lastUsedOperation" = u.operation
      FROM unnest(${ids}::text[], ${times}::timestamptz[], ${operations}::text[]) AS u(id, at, operation)
      WHERE k.id = u.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < u.at)`;
  }
}
