// The server's TOTP (auth/totp.ts, over the otpauth library) against RFC 6238's own test
// vectors and an independent implementation (test/support/totp-codes.ts): codes, the drift
// window, and the two-consecutive-codes rule of enrolment.
import { describe, expect, it } from 'vitest';
import { consecutiveStep, matchingSteps, newTotpSeed, totpCodeAt, totpStep } from '../../src/auth/totp.ts';
import { base32Decode, hotp, stepOf, totpCode } from '../support/totp-codes.ts';

// RFC 6238 appendix B, SHA-1 (seed "12345678901234567890"): time in seconds, 8-digit code.
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of "12345678901234567890"

describe('TOTP codes', () => {
  it('are RFC 6238\'s (its SHA-1 vectors, truncated to 6 digits), on both implementations', () => {
    expect(base32Decode(RFC_SEED).toString('latin1')).toBe('12345678901234567890');
    for (const [seconds, code] of RFC_VECTORS) {
      const step = totpStep(new Date(seconds * 1000));
      expect(step).toBe(Math.floor(seconds / 30));
      expect(hotp(base32Decode(RFC_SEED), step, 8)).toBe(code);
      expect(totpCodeAt(RFC_SEED, step)).toBe(code.slice(2));
    }
  });

  it('match the independent implementation on fresh random seeds', () => {
    for (let i = 0; i < 20; i++) {
      const seed = newTotpSeed();
      expect(seed).toMatch(/^[A-Z2-7]{32}$/);
      const step = 58_000_000 + i * 7919;
      expect(totpCodeAt(seed, step)).toBe(totpCode(seed, step));
    }
  });
});

describe('the drift window', () => {
  const seed = newTotpSeed();
  const at = new Date(Date.UTC(2026, 11, 1, 12, 0, 29, 999)); // the last millisecond of a step
  const s = stepOf(at);

  it('accepts the previous, current and next step\'s code, and nothing further', () => {
    for (const offset of [-1, 0, 1]) expect(matchingSteps(seed, totpCode(seed, s + offset), at)).toContain(s + offset);
    for (const offset of [-3, -2, 2, 3]) expect(matchingSteps(seed, totpCode(seed, s + offset), at)).not.toContain(s + offset);
  });

  it('refuses anything that is not 6 digits before computing a code', () => {
    const code = totpCode(seed, s);
    for (const text of [`${code} `, ` ${code}`, `${code}0`, code.slice(1), '', '１２３４５６', '12345a']) expect(matchingSteps(seed, text, at)).toEqual([]);
  });
});

describe('enrolment codes', () => {
  const seed = newTotpSeed();
  const at = new Date(Date.UTC(2026, 11, 1, 12, 0, 10));
  const s = stepOf(at);
  const code = (step: number) => totpCode(seed, step);

  it('are two consecutive codes, the second within the drift window: its step is returned', () => {
    expect(consecutiveStep(seed, code(s - 1), code(s), at)).toBe(s);
    expect(consecutiveStep(seed, code(s), code(s + 1), at)).toBe(s + 1);
    expect(consecutiveStep(seed, code(s - 2), code(s - 1), at)).toBe(s - 1);
  });

  it('are refused when not consecutive, in the wrong order, repeated or not current', () => {
    expect(consecutiveStep(seed, code(s), code(s), at)).toBeUndefined();
    expect(consecutiveStep(seed, code(s), code(s - 1), at)).toBeUndefined();
    expect(consecutiveStep(seed, code(s - 2), code(s), at)).toBeUndefined();
    expect(consecutiveStep(seed, code(s + 1), code(s + 2), at)).toBeUndefined();
    expect(consecutiveStep(seed, 'abcdef', code(s), at)).toBeUndefined();
  });
});
