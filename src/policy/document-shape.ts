// What a policy document may be made of, before its grammar is looked at: AWS's character set for
// policy text, and no nesting deeper than any policy needs. Checked on text and on already-parsed
// values alike (a document may arrive either way), by loops over explicit stacks, not recursion.
import type { Path } from './finding.ts';

/** Deeper than any policy grammar goes (a condition value list sits at depth 6). */
export const MAX_POLICY_DEPTH = 32;

export type ShapeProblemCode = 'INVALID_CHARACTER' | 'NESTING_TOO_DEEP';

export interface ShapeProblem {
  code: ShapeProblemCode;
  message: string;
  path: Path;
}

// Tab, line feed, carriage return and U+0020 to U+00FF: the characters IAM accepts in policy text.
const DISALLOWED = /[^\t\n\r\x20-\xFF]/;

/** Offset of the first character IAM does not accept in policy text, or -1. */
export function findDisallowedCharacter(text: string): number {
  return DISALLOWED.exec(text)?.index ?? -1;
}

/** The character at `index` as `U+XXXX` (a surrogate pair as its code point). */
export function describeCharacter(text: string, index: number): string {
  const code = text.codePointAt(index) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

interface Pending {
  value: unknown;
  depth: number;
  parent: Pending | undefined;
  key: string | number | undefined;
}

function pathTo(entry: Pending): Path {
  const path: Path = [];
  for (let at: Pending | undefined = entry; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * The first problem in a parsed value: a string or key with a character IAM does not accept,
 * or an array or object nested deeper than `maxDepth` (`[[]]` is 2). Stops at the first.
 */
export function findShapeProblem(value: unknown, maxDepth = MAX_POLICY_DEPTH): ShapeProblem | undefined {
  const pending: Pending[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const current = entry.value;
    if (typeof current === 'string') {
      const bad = findDisallowedCharacter(current);
      if (bad >= 0) return characterProblem(current, bad, pathTo(entry), 'value');
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const depth = entry.depth + 1;
    if (depth > maxDepth) return { code: 'NESTING_TOO_DEEP', message: `nesting deeper than ${maxDepth} levels`, path: pathTo(entry) };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], depth, parent: entry, key: i });
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const bad = findDisallowedCharacter(key);
      if (bad >= 0) return characterProblem(key, bad, [...pathTo(entry), key], 'key');
      pending.push({ value: (current as Record<string, unknown>)[key], depth, parent: entry, key });
    }
  }
  return undefined;
}

/** Whether a parsed value nests arrays and objects deeper than `maxDepth`; never recurses. */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [current, depth] = entry;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

function characterProblem(text: string, index: number, path: Path, where: 'key' | 'value'): ShapeProblem {
  const message = `${where} holds ${describeCharacter(text, index)} at offset ${index}: policy text may hold only tab, line feed, carriage return and U+0020 to U+00FF`;
  return { code: 'INVALID_CHARACTER', message, path };
}
