// Session tokens: 256 random bits, shown once; the database keeps their SHA-256. A fast hash is
// right here (unlike passwords): the token has full entropy, so there is nothing to guess.
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a presented token has the shape of one the server issues (checked before any lookup). */
export const isSessionTokenShaped = (token: string): boolean => TOKEN_FORMAT.test(token);

/** `prefix` and 16 random uppercase letters and digits: AKIA... for access keys, ASIA... for sessions. */
export function newKeyId(prefix: 'AKIA' | 'ASIA'): string {
  let id = prefix;
  for (const byte of randomBytes(16)) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** A generated password: 20 characters from letters and digits (about 119 bits). */
export function newPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let password = '';
  // 256 is not a multiple of the alphabet's length: draw again rather than skew toward early letters.
  while (password.length < 20) {
    for (const byte of randomBytes(32)) {
      if (byte < 256 - (256 % alphabet.length) && password.length < 20) password += alphabet[byte % alphabet.length];
    }
  }
  return password;
}
