// TOTP as RFC 6238 and authenticator apps define it: HMAC-SHA-1, 6 digits, 30-second steps,
// accepted one step early or late (clocks drift; a code typed as it changes). The algorithm,
// base32 and the otpauth:// URI are the `otpauth` library's; which steps to try, and the replay
// rule (a step is used once: totp-devices.ts), are ours. Pure: the time comes in as `now`.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted either side of the current one. */
export const TOTP_DRIFT_STEPS = 1;
/** 160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226 and what AWS gives out. */
const SEED_BYTES = 20;
const CODE_SHAPE = /^\d{6}$/;

/** A fresh random seed in base32 (RFC 4648, no padding: 32 characters). */
export function newTotpSeed(): string {
  // a copy: a small Buffer's `.buffer` is Node's shared pool, not just these bytes
  return new Secret({ buffer: Uint8Array.from(randomBytes(SEED_BYTES)).buffer }).base32;
}

/** Whether `code` looks like a code at all (anything else is refused before any HMAC). */
export const isTotpCodeShaped = (code: string): boolean => CODE_SHAPE.test(code);

/** The 30-second step `now` falls in (RFC 6238's T). */
export function totpStep(now: Date): number {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() });
}

/** The code of `seed` at `step`. */
export function totpCodeAt(seed: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: TOTP_DIGITS, counter: step });
}

/** Whether `code` is the code of `seed` at `step`, compared in constant time. */
export function isCodeAt(seed: string, step: number, code: string): boolean {
  const expected = Buffer.from(totpCodeAt(seed, step));
  const given = Buffer.from(code);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The steps within the drift window around `now` whose code is `code`, earliest first (nearly
 * always none or one; two steps can share a code by chance). Every step is computed, match or
 * not, so the time taken does not tell which one matched.
 */
export function matchingSteps(seed: string, code: string, now: Date): number[] {
  if (!isTotpCodeShaped(code)) return [];
  const current = totpStep(now);
  const steps: number[] = [];
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (isCodeAt(seed, step, code)) steps.push(step);
  }
  return steps;
}

/** The otpauth:// URI that authenticator apps read (from a QR code): `otpauth://totp/ISSUER:LABEL?...`. */
export function otpauthUri(seed: string, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS }).toString();
}

/**
 * The step of `code2` when `code1` and `code2` are two consecutive codes of `seed` and `code2`
 * is within the drift window around `now` (how enrolment proves the device's clock and seed);
 * undefined otherwise.
 */
export function consecutiveStep(seed: string, code1: string, code2: string, now: Date): number | undefined {
  if (!isTotpCodeShaped(code1)) return undefined;
  return matchingSteps(seed, code2, now).find((step) => isCodeAt(seed, step - 1, code1));
}
