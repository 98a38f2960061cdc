// Who is calling, as authentication established it. Built only by src/auth; everything else
// reads it from the request context.

/** How the request proved who it is. */
export type Credential =
  | {
      readonly kind: 'Session';
      /** The session's id (ASIA...), to end it on signOut. */
      readonly sessionId: string;
      readonly expiresAt: Date;
      /** When the MFA code that opened the session was checked; null without MFA. */
      readonly mfaAuthenticatedAt: Date | null;
      /** Opened with a password that must be changed before anything else. */
      readonly passwordResetRequired: boolean;
    }
  | { readonly kind: 'AccessKey'; readonly accessKeyId: string };

export interface Caller {
  readonly accountId: string;
  readonly arn: string;
  readonly type: 'Root' | 'User' | 'AssumedRole';
  /** The principal's unique id: the account id for root, AIDA... for an IAM user. */
  readonly userId: string;
  /** The IAM user's name; undefined for root. */
  readonly userName?: string;
  readonly credential: Credential;
}

/**
 * The global condition keys the caller's credential brings into every request it makes
 * (aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge, as AWS sets them: absent for
 * long-term access keys, false/absent for a session without MFA).
 */
export function credentialContextKeys(caller: Caller, now: Date): Array<{ key: string; values: string[]; type: 'BOOLEAN' | 'NUMERIC' }> {
  const { credential } = caller;
  if (credential.kind !== 'Session') return [];
  if (!credential.mfaAuthenticatedAt) return [{ key: 'aws:MultiFactorAuthPresent', values: ['false'], type: 'BOOLEAN' }];
  const ageSeconds = Math.max(0, Math.floor((now.getTime() - credential.mfaAuthenticatedAt.getTime()) / 1000));
  return [
    { key: 'aws:MultiFactorAuthPresent', values: ['true'], type: 'BOOLEAN' },
    { key: 'aws:MultiFactorAuthAge', values: [String(ageSeconds)], type: 'NUMERIC' },
  ];
}
