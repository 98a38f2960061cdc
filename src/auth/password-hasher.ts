// argon2id hashing of passwords, bounded: at most `maxConcurrentHashes` at once (each takes
// `memoryKiB`), a bounded queue behind them, and SERVICE_UNAVAILABLE (retry) beyond. Verifying a password of a
// principal that does not exist runs against a decoy hash of the same cost, so that the answer
// takes as long as for a wrong password.
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { GatehouseError } from '../errors.ts';
import { Semaphore } from './semaphore.ts';
import type { Argon2Cost } from './settings.ts';

const QUEUED_PER_SLOT = 32;

/** Every hashing slot is busy and the queue is full: SERVICE_UNAVAILABLE, or THROTTLING for a sign-in. */
export class HashingBusyError extends GatehouseError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'too many passwords are being checked at once: retry in a second');
  }
}

export class PasswordHasher {
  readonly #slots: Semaphore;
  readonly #options: { type: typeof argon2.argon2id; memoryCost: number; timeCost: number; parallelism: number };
  #decoy: Promise<string> | undefined;

  constructor(cost: Argon2Cost, maxConcurrent: number) {
    this.#slots = new Semaphore(maxConcurrent, maxConcurrent * QUEUED_PER_SLOT);
    this.#options = { type: argon2.argon2id, memoryCost: cost.memoryKiB, timeCost: cost.timeCost, parallelism: cost.parallelism };
  }

  hash(password: string): Promise<string> {
    return this.#bounded(() => argon2.hash(password, this.#options));
  }

  /** Whether `password` matches `hash`; with no hash, checks against the decoy and answers false. */
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    const against = hash ?? (await this.#decoyHash());
    const matches = await this.#bounded(() => argon2.verify(against, password).catch(() => false));
    return hash != null && matches;
  }

  /** Whether a hash was made with another cost than the configured one (rehash it at sign-in). */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, { memoryCost: this.#options.memoryCost, timeCost: this.#options.timeCost, parallelism: this.#options.parallelism });
  }

  #decoyHash(): Promise<string> {
    this.#decoy ??= argon2.hash(randomBytes(16).toString('hex'), this.#options);
    return this.#decoy;
  }

  async #bounded<T>(task: () => Promise<T>): Promise<T> {
    const ran = await this.#slots.run(task);
    if (!ran) throw new HashingBusyError();
    return ran.value;
  }
}
