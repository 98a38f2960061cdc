// The epochs one request is served at. Authentication reads first, naming the account of the
// credential it has cached (when it has one), so a warm request reads the credentials epoch and
// its caller's policy epoch in one statement; a cold credential costs its account a second read.
// Every read starts after the request arrived (SharedRead), so a write committed before it is seen.
import type { Epochs } from '../../db/epoch-reader.ts';
import type { SharedRead } from './shared-read.ts';

/** The key of a read that needs no account's policy epoch. */
export const NO_ACCOUNT = '';

export class RequestEpochs {
  readonly #reads = new Map<string, Promise<Epochs>>();
  #first: Promise<Epochs> | undefined;

  constructor(private readonly shared: SharedRead<string, Epochs>) {}

  /** The credentials epoch; `accountHint` is the account the credential is expected to be of. */
  credentials = (accountHint?: string): Promise<bigint> => {
    this.#first ??= this.#read(accountHint ?? NO_ACCOUNT);
    return this.#first.then((epochs) => epochs.credentials);
  };

  /** The policy epoch of `accountId` (the caller's). */
  policy = (accountId: string): Promise<bigint> => this.#read(accountId).then((epochs) => epochs.policy(accountId));

  #read(accountId: string): Promise<Epochs> {
    let read = this.#reads.get(accountId);
    if (!read) {
      read = this.shared.next(accountId);
      this.#reads.set(accountId, read);
    }
    return read;
  }
}
