// Credentials verified once, kept for the requests after: a warm request costs no statement of
// its own. An entry is good only at the credentials epoch it was verified at; revoking a
// credential bumps that epoch (triggers, see the migration), and every request reads the epochs
// once anyway (the read evaluateAccess decides at), so a revoked credential is refused on the
// very next request, in every process. Policy writes leave cached credentials alone.
import { LRUCache } from 'lru-cache';

export class CredentialCache<T extends {}> {
  readonly #entries: LRUCache<string, { epoch: bigint; value: T }>;

  constructor(max = 10_000) {
    this.#entries = new LRUCache({ max });
  }

  /** The value verified at exactly this epoch, if any. */
  get(key: string, epoch: bigint): T | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.epoch === epoch ? entry.value : undefined;
  }

  /** `epoch` must have been read before the value was: an older stamp only costs a reload. */
  set(key: string, epoch: bigint, value: T): void {
    this.#entries.set(key, { epoch, value });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
