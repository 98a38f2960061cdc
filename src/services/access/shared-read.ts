// Read-index batching, as consensus systems serve linearizable reads: a caller never gets a
// value read before it arrived, yet concurrent callers share one read. A caller that arrives
// while no read is in flight starts one; a caller that arrives while one is in flight waits for
// the next, which starts when the current one ends and serves everyone who queued behind it.
export class SharedRead<T> {
  #running: Promise<T> | undefined;
  #queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  /** A value read by a read that started after this call. */
  next(): Promise<T> {
    if (!this.#running) return this.#start();
    this.#queued ??= this.#running.then(this.#startQueued, this.#startQueued);
    return this.#queued;
  }

  #startQueued = (): Promise<T> => {
    this.#queued = undefined;
    return this.#start();
  };

  #start(): Promise<T> {
    const running = this.read();
    this.#running = running;
    const settle = () => {
      if (this.#running === running) this.#running = undefined;
    };
    running.then(settle, settle);
    return running;
  }
}
