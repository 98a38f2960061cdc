// Relay cursor pagination over name-ordered lists. Pages are keyset pages on the lowercased name
// (unique per account), so a page costs the same on page 1,000 as on page 1 and stays stable
// while entities are added or removed; the total is counted only when a client asks for it.
import { badInput } from '../errors.ts';
import { openCursor, sealCursor, type CursorScope } from './cursor.ts';
import type { Page } from './models.ts';

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export const MAX_PAGE_SIZE = 100;

export function checkPageRequest(request: PageRequest, scope: CursorScope): { take: number; afterKey: string | undefined } {
  const take = request.first ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(take) || take < 1 || take > MAX_PAGE_SIZE) throw badInput('first', `must be from 1 to ${MAX_PAGE_SIZE}`);
  return { take, afterKey: request.after == null ? undefined : openCursor(scope, request.after) };
}

/**
 * Fetches one page: `fetch` gets the key to start after and how many rows to read (one more
 * than the page, to learn whether another page follows); `count` runs only if the total is read.
 */
export function fetchPage<T extends { nameKey: string }>(
  request: PageRequest,
  scope: CursorScope,
  fetch: (afterKey: string | undefined, take: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  return fetchPageBy(request, scope, (item) => item.nameKey, fetch, count);
}

/** fetchPage for a list ordered by another unique key than the name (`keyOf` reads it). */
export async function fetchPageBy<T>(
  request: PageRequest,
  scope: CursorScope,
  keyOf: (item: T) => string,
  fetch: (afterKey: string | undefined, take: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const { take, afterKey } = checkPageRequest(request, scope);
  const rows = await fetch(afterKey, take + 1);
  const items = rows.slice(0, take);
  let total: Promise<number> | undefined;
  return {
    items,
    cursors: items.map((item) => sealCursor(scope, keyOf(item))),
    hasNextPage: rows.length > take,
    hasPreviousPage: afterKey !== undefined,
    totalCount: () => (total ??= count()),
  };
}

/**
 * The smallest string above every string that starts with `prefix`, in the database's byte order
 * (the C collation that initdb sets; UTF-8 keeps code point order), or undefined when there is
 * none. `prefix <= column < upper` is an index range, where LIKE with a bound pattern is a filter.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** A Prisma range filter matching the strings that start with `prefix`. */
export function startsWithRange(field: string, prefix: string): { gte: string; lt?: string } {
  // a lone surrogate cannot be stored or compared as UTF-8
  if (/\p{Cs}/u.test(prefix)) throw badInput(field, 'must be valid Unicode text');
  const upper = prefixUpperBound(prefix);
  return upper === undefined ? { gte: prefix } : { gte: prefix, lt: upper };
}

export function tagFilter(tag: { key: string; value?: string | null } | null | undefined) {
  if (!tag) return {};
  return { tags: { some: { keyLower: tag.key.toLowerCase(), ...(tag.value != null ? { value: tag.value } : {}) } } };
}
