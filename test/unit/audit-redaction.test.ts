// What an audit record keeps of a call's input and result (services/audit/redaction.ts).
import { describe, expect, it } from 'vitest';
import { changesOf, redact, REDACTED } from '../../src/services/audit/redaction.ts';

describe('redact', () => {
  it('replaces values under secret-sounding keys, at any depth, and keeps flags', () => {
    const value = { userName: 'a', input: { password: 'p', mfaCode: '123456', nested: [{ secretAccessKey: 's', sessionToken: 't' }] }, passwordResetRequired: true };
    expect(redact(value)).toEqual({ userName: 'a', input: { password: REDACTED, mfaCode: REDACTED, nested: [{ secretAccessKey: REDACTED, sessionToken: REDACTED }] }, passwordResetRequired: true });
  });

  it('replaces an otpauth URI whatever key holds it', () => {
    expect(redact({ link: 'otpauth://totp/x?secret=ABC' })).toEqual({ link: REDACTED });
  });

  it('makes plain JSON of dates, big integers and buffers', () => {
    expect(redact({ at: new Date('2026-01-01T00:00:00Z'), n: 5n, bytes: Buffer.from('x') })).toEqual({ at: '2026-01-01T00:00:00.000Z', n: '5', bytes: REDACTED });
  });

  it('bounds the size of what it keeps', () => {
    const big = { items: Array.from({ length: 1000 }, () => 'x'.repeat(5000)) };
    expect(JSON.stringify(changesOf(big, { result: big, before: big, after: big })).length).toBeLessThanOrEqual(16_384);
  });
});

describe('AuditSlot', () => {
  it('keeps the decision self-authorization reports for a root field, and none for the others', async () => {
    const { AuditSlot } = await import('../../src/services/audit/audit-draft.ts');
    const slot = new AuditSlot();
    slot.decide('createUser', 'EXPLICIT_DENY', { policy: 'p', sid: 'NoUsers' });
    expect(slot.decisionOf('createUser')).toEqual({ decision: 'EXPLICIT_DENY', decidingStatement: { policy: 'p', sid: 'NoUsers' } });
    expect(slot.decisionOf('createGroup')).toEqual({ decision: null, decidingStatement: null });
  });
});
