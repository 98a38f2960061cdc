// The common passwords every password rule refuses (ASVS 5.0, V6.2.4): the 10,000 most common of
// at least 8 characters, shipped as common-passwords.txt (its provenance and licence are in
// common-passwords.LICENSE). Read once, on first use, into a Set: a lookup is one hash probe.
import { readFileSync } from 'node:fs';

let common: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
  return new Set(text.split('\n').filter((line) => line.length > 0));
}

/** Whether `password` is on the list, ignoring case (the list is lowercase). */
export function isCommonPassword(password: string): boolean {
  common ??= load();
  return common.has(password.toLowerCase());
}
