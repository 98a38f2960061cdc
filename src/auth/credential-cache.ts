// Credentials verified once, kept for the requests after: a warm request costs no statement of
// its own. An entry is good only at the credentials epoch it was verified at; revoking a
// credential bumps that epoch (triggers, see the migration), and every request reads the epochs
// once anyway (the read evaluateAccess decides at), so a revoked credential is refused on the
// very next request, in every process. Policy writes leave cached credentials alone.
import { LRUCache } from 'lru-cache';

/**
 * Reads the credentials epoch; `accountHint` names the account the credential was of when it was
 * cached, so that the same read can bring that account's policy epoch (services/access/request-epochs.ts).
 */
export type CredentialsEpochRead = (accountHint?: string) => Promise<bigint>;

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

  /** The value kept for `key` at whatever epoch: only a hint (the account to read the epoch of), never a verification. */
  peek(key: string): T | undefined {
    return this.#entries.peek(key)?.value;
  }

  /** `epoch` must have been read before the value was: an older stamp only costs a reload. */
  set(key: string, epoch: bigint, value: T): void {
    this.#entries.set(key, { epoch, value });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
