// A page of a long computation (whoCan, principalPermissions) stops early rather than run into
// the request's deadline: it answers what it has with `complete: false`, and its cursor continues
// right after the last item it examined. Nothing is silently left out.
import { currentDeadline } from '../../db/deadline.ts';
import { badInput } from '../../errors.ts';

/** A page may spend at most this long, and at most half of what the request has left. */
export const PAGE_TIME_BUDGET_MS = 2_000;
export const MAX_PERMISSIONS_PAGE = 1_000;
export const DEFAULT_PERMISSIONS_PAGE = 100;

export type Expired = () => boolean;

/** When a page must stop: `budgetMs` after now, or half-way to the request's deadline if sooner. */
export function pageDeadline(budgetMs = PAGE_TIME_BUDGET_MS, clock: () => number = Date.now): Expired {
  const start = clock();
  const request = currentDeadline();
  const until = request === undefined ? start + budgetMs : Math.min(start + budgetMs, start + (request - start) / 2);
  return () => clock() > until;
}

export function checkFirst(first: number | null | undefined): number {
  const take = first ?? DEFAULT_PERMISSIONS_PAGE;
  if (!Number.isInteger(take) || take < 1 || take > MAX_PERMISSIONS_PAGE) throw badInput('first', `must be from 1 to ${MAX_PERMISSIONS_PAGE}`);
  return take;
}

export interface CollectedPage<T> {
  items: T[];
  /** how many candidates were examined */
  examined: number;
  /** false when the deadline stopped the page */
  complete: boolean;
  /** candidates remain after the last one examined */
  more: boolean;
}

/**
 * Examines `candidates` in order until `first` of them gave an item, the list ends, or the
 * deadline passes (checked before each candidate but the first, so every page makes progress).
 */
export function collectPage<C, T>(candidates: readonly C[], first: number, decide: (candidate: C) => T | null, expired: Expired): CollectedPage<T> {
  const items: T[] = [];
  let examined = 0;
  let complete = true;
  while (examined < candidates.length && items.length < first) {
    if (examined > 0 && expired()) {
      complete = false;
      break;
    }
    const item = decide(candidates[examined]!);
    examined++;
    if (item !== null) items.push(item);
  }
  return { items, examined, complete, more: examined < candidates.length };
}
