// Relay cursor pagination over name-ordered lists. The cursor is the last item's lowercased
// name (unique per account), so pages stay stable while entities are added or removed.
import { badInput } from '../errors.ts';
import type { Page } from './models.ts';

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export function checkPageRequest(request: PageRequest): { take: number; afterKey: string | undefined } {
  const take = request.first ?? 100;
  if (!Number.isInteger(take) || take < 1 || take > 100) throw badInput('first', 'must be from 1 to 100');
  if (request.after == null) return { take, afterKey: undefined };
  const afterKey = Buffer.from(request.after, 'base64url').toString('utf8');
  if (!afterKey.startsWith('name:')) throw badInput('after', 'is not a cursor this API gave out');
  return { take, afterKey: afterKey.slice('name:'.length) };
}

export function cursorFor(nameKey: string): string {
  return Buffer.from(`name:${nameKey}`, 'utf8').toString('base64url');
}

/**
 * Fetches one page: `fetch` gets the key to start after and how many rows to read (one more
 * than the page, to learn whether another page follows).
 */
export async function fetchPage<T extends { nameKey: string }>(
  request: PageRequest,
  fetch: (afterKey: string | undefined, take: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const { take, afterKey } = checkPageRequest(request);
  const [rows, totalCount] = await Promise.all([fetch(afterKey, take + 1), count()]);
  const items = rows.slice(0, take);
  return {
    items,
    cursors: items.map((item) => cursorFor(item.nameKey)),
    hasNextPage: rows.length > take,
    hasPreviousPage: afterKey !== undefined,
    totalCount,
  };
}

/** Prisma's startsWith becomes SQL LIKE without escaping; `_` and `%` are legal in names and paths. */
function literalPrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, '\\$&');
}

/** Prisma where-fragments shared by the list filters. */
export function nameAndPathFilter(filter: { pathPrefix?: string | null; namePrefix?: string | null }) {
  return {
    ...(filter.pathPrefix ? { path: { startsWith: literalPrefix(filter.pathPrefix) } } : {}),
    ...(filter.namePrefix ? { nameKey: { startsWith: literalPrefix(filter.namePrefix.toLowerCase()) } } : {}),
  };
}

export function tagFilter(tag: { key: string; value?: string | null } | null | undefined) {
  if (!tag) return {};
  return { tags: { some: { keyLower: tag.key.toLowerCase(), ...(tag.value != null ? { value: tag.value } : {}) } } };
}
