// Read-index batching, as consensus systems serve linearizable reads: a caller never gets a
// value read before it arrived, yet concurrent callers share one read. A caller that arrives
// while no read is in flight starts one; a caller that arrives while one is in flight waits for
// the next, which starts when the current one ends and serves everyone who queued behind it.
// Each caller names the key it needs (an account); a read fetches the keys of everyone it serves.
export class SharedRead<K, T> {
  #running: Promise<T> | undefined;
  #queued: { keys: Set<K>; result: Promise<T> } | undefined;

  constructor(private readonly read: (keys: ReadonlySet<K>) => Promise<T>) {}

  /** A value, covering `key`, read by a read that started after this call. */
  next(key: K): Promise<T> {
    if (!this.#running) return this.#start(new Set([key]));
    if (!this.#queued) {
      const keys = new Set<K>();
      const startQueued = () => {
        this.#queued = undefined;
        return this.#start(keys);
      };
      this.#queued = { keys, result: this.#running.then(startQueued, startQueued) };
    }
    this.#queued.keys.add(key);
    return this.#queued.result;
  }

  #start(keys: ReadonlySet<K>): Promise<T> {
    const running = this.read(keys);
    this.#running = running;
    const settle = () => {
      if (this.#running === running) this.#running = undefined;
    };
    running.then(settle, settle);
    return running;
  }
}
