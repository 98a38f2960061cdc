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
  const denial = { eventName: 'CreateUser', resources: ['arn:aws:iam::111122223333:user/dev/bob'], decision: 'EXPLICIT_DENY' as const, decidingStatement: [{ sid: 'NoUsers' }] };
  const draftFor = (responseKey: string) =>
    ({ responseKey, eventName: 'CreateUser', resources: ['arn:aws:iam::111122223333:user/bob'], decision: null, decidingStatement: null }) as never;

  it('fills the draft of the field it was told about, by response key, and leaves the others', async () => {
    const { AuditSlot } = await import('../../src/services/audit/audit-draft.ts');
    const slot = new AuditSlot();
    slot.authorized('second', denial);
    expect(slot.completed(draftFor('second'))).toMatchObject({ decision: 'EXPLICIT_DENY', decidingStatement: [{ sid: 'NoUsers' }], resources: denial.resources });
    expect(slot.completed(draftFor('first'))).toMatchObject({ decision: null, resources: ['arn:aws:iam::111122223333:user/bob'] });
  });

  it('fills the running mutation draft at once, for the transaction that writes it', async () => {
    const { AuditSlot } = await import('../../src/services/audit/audit-draft.ts');
    const slot = new AuditSlot();
    slot.current = draftFor('createUser');
    slot.authorized('createUser', denial);
    expect(slot.current).toMatchObject({ decision: 'EXPLICIT_DENY' });
  });

  it('gathers the denials of a relationship field into one entry per field, at most 20 objects', async () => {
    const { AuditSlot } = await import('../../src/services/audit/audit-draft.ts');
    const slot = new AuditSlot();
    for (let i = 0; i < 30; i++) slot.deniedField('User.groups', { ...denial, resources: [`arn:aws:iam::111122223333:user/u${i}`] });
    const [only, ...rest] = slot.deniedFields();
    expect(rest).toEqual([]);
    expect(only!.resources.size).toBe(20);
  });
});
