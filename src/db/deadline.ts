// A request's database deadline, carried with its async work (AsyncLocalStorage) down to the
// pool and the connection, so that no statement starts after it and none is awaited past it.
// Work outside a request (start-up, tests' own queries) has no deadline; its statements are
// bounded by the connection limits alone.
import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` with a deadline `ms` from now (or the enclosing one, if sooner). */
export function withDeadline<T>(ms: number, work: () => T): T {
  const at = Date.now() + ms;
  const enclosing = deadlines.getStore();
  return deadlines.run(enclosing === undefined ? at : Math.min(at, enclosing), work);
}

/** The current work's deadline (epoch milliseconds), if it has one. */
export function currentDeadline(): number | undefined {
  return deadlines.getStore();
}

/** The time left before `deadline`, capped at `limitMs`. */
export function timeLeftMs(deadline: number | undefined, limitMs: number): number {
  return deadline === undefined ? limitMs : Math.min(limitMs, deadline - Date.now());
}
