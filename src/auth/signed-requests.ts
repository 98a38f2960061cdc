// Requests signed with an access key (AWS Signature Version 4), as the authenticator sees them.
import type { Caller } from './caller.ts';
import type { CredentialsEpochRead } from './credential-cache.ts';
import type { PresentedRequest } from './presented-request.ts';

export interface SignedRequestVerifier {
  /** The caller when the signature is valid, fresh and made with an active key; undefined otherwise. */
  verify(request: PresentedRequest, epoch: CredentialsEpochRead, now: Date): Promise<Caller | undefined>;
}
