// AWS-style identifiers: a four-letter prefix that names the kind of entity, then 17 random
// characters from the alphabet AWS uses (A-Z and 2-7), e.g. AIDAJQABLZS4A3QDU576Q.
import { randomBytes, randomInt } from 'node:crypto';

export const ID_PREFIX = { user: 'AIDA', group: 'AGPA', role: 'AROA', policy: 'ANPA' } as const;
export type EntityKind = keyof typeof ID_PREFIX;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newUniqueId(kind: EntityKind): string {
  const bytes = randomBytes(17);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte & 31];
  return ID_PREFIX[kind] + suffix;
}

export function kindOfUniqueId(id: string): EntityKind | undefined {
  const prefix = id.slice(0, 4);
  return (Object.keys(ID_PREFIX) as EntityKind[]).find((kind) => ID_PREFIX[kind] === prefix);
}

/** A random 12-digit account id that does not start with 0 (easier to read, like AWS's). */
export function newAccountId(): string {
  return String(randomInt(1, 10)) + String(randomInt(0, 1e11)).padStart(11, '0');
}
