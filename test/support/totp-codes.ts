// TOTP codes computed the way RFC 6238 writes it down (HMAC-SHA-1 over the 8-byte big-endian
// step, dynamic truncation, 6 digits), with node:crypto and a base32 decoder of our own: an
// implementation independent of the library the server uses, so the tests check that library too.
import { createHmac } from 'node:crypto';

export const STEP_MS = 30_000;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (no padding needed) to bytes. */
export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text.replace(/=+$/, '')) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The 30-second step that `at` falls in. */
export const stepOf = (at: Date | number): number => Math.floor((typeof at === 'number' ? at : at.getTime()) / STEP_MS);

/** The code of `key` (raw bytes) at `step`, with `digits` digits. */
export function hotp(key: Buffer, step: number, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 6-digit code of a base32 seed at `step`. */
export const totpCode = (base32Seed: string, step: number): string => hotp(base32Decode(base32Seed), step);

/** A 6-digit string that is not the seed's code at any of `steps`. */
export function wrongCode(base32Seed: string, steps: number[]): string {
  const taken = new Set(steps.map((step) => totpCode(base32Seed, step)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!taken.has(candidate)) return candidate;
  }
}
