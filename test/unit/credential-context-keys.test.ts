// The global condition keys a caller's credential brings into its requests, as AWS sets them:
// aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge for sessions, nothing for access keys.
import { describe, expect, it } from 'vitest';
import { credentialContextKeys, type Caller, type Credential } from '../../src/auth/caller.ts';

const SIGNED_IN_AT = new Date('2026-12-01T10:00:00.000Z');
const callerWith = (credential: Credential): Caller => ({
  accountId: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/alice',
  type: 'User',
  userId: 'AIDAEXAMPLEEXAMPLE01',
  userName: 'alice',
  credential,
});
const session = (mfaAuthenticatedAt: Date | null): Credential => ({
  kind: 'Session',
  sessionId: 'ASIAEXAMPLEEXAMPLE01',
  expiresAt: new Date(SIGNED_IN_AT.getTime() + 12 * 3600_000),
  mfaAuthenticatedAt,
  passwordResetRequired: false,
});
const at = (seconds: number) => new Date(SIGNED_IN_AT.getTime() + seconds * 1000);

describe('credentialContextKeys', () => {
  it('gives a session opened with MFA aws:MultiFactorAuthPresent = true and the whole seconds since the check', () => {
    const caller = callerWith(session(SIGNED_IN_AT));
    expect(credentialContextKeys(caller, at(0))).toEqual([
      { key: 'aws:MultiFactorAuthPresent', values: ['true'], type: 'BOOLEAN' },
      { key: 'aws:MultiFactorAuthAge', values: ['0'], type: 'NUMERIC' },
    ]);
    expect(credentialContextKeys(caller, at(3599.9))[1]!.values).toEqual(['3599']);
    expect(credentialContextKeys(caller, at(7200))[1]!.values).toEqual(['7200']);
  });

  it('never gives a negative age (a clock behind the check)', () => {
    expect(credentialContextKeys(callerWith(session(SIGNED_IN_AT)), at(-5))[1]!.values).toEqual(['0']);
  });

  it('gives a session without MFA aws:MultiFactorAuthPresent = false and no age', () => {
    expect(credentialContextKeys(callerWith(session(null)), at(60))).toEqual([{ key: 'aws:MultiFactorAuthPresent', values: ['false'], type: 'BOOLEAN' }]);
  });

  it('gives a long-term access key neither key, as AWS does', () => {
    expect(credentialContextKeys(callerWith({ kind: 'AccessKey', accessKeyId: 'AKIAEXAMPLEEXAMPLE01' }), at(60))).toEqual([]);
  });
});
