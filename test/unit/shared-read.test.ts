// SharedRead: every caller gets a value read after it arrived; concurrent callers share reads.
import { describe, expect, it } from 'vitest';
import { SharedRead } from '../../src/services/access/shared-read.ts';

/** A read whose completion the test controls; it returns the state as of when it started. */
function controlledStore() {
  let state = 0;
  const pending: Array<() => void> = [];
  let reads = 0;
  const keysRead: string[][] = [];
  const reader = new SharedRead<string, number>((keys) => {
    reads++;
    keysRead.push([...keys]);
    const seen = state;
    return new Promise<number>((resolve) => pending.push(() => resolve(seen)));
  });
  return {
    reader,
    write: () => state++,
    finishOldest: async () => {
      pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    },
    reads: () => reads,
    keysRead: () => keysRead,
  };
}

describe('SharedRead', () => {
  it('lets callers that arrive together share one read', async () => {
    const store = controlledStore();
    const answers = Promise.all([store.reader.next('a'), store.reader.next('a'), store.reader.next('a')]);
    await store.finishOldest();
    await store.finishOldest();
    expect(await answers).toEqual([0, 0, 0]);
    expect(store.reads()).toBe(2);
  });

  it('never answers a caller with a read that started before it arrived', async () => {
    const store = controlledStore();
    const early = store.reader.next('a');
    store.write();
    const late = store.reader.next('a');
    const later = store.reader.next('a');
    await store.finishOldest();
    expect(await early).toBe(0);
    await store.finishOldest();
    expect(await late).toBe(1);
    expect(await later).toBe(1);
    expect(store.reads()).toBe(2);
  });

  it('starts afresh once idle', async () => {
    const store = controlledStore();
    const first = store.reader.next('a');
    await store.finishOldest();
    expect(await first).toBe(0);
    store.write();
    const second = store.reader.next('a');
    await store.finishOldest();
    expect(await second).toBe(1);
  });

  it('reads, for each caller, the key it asked for: the first alone, those queued behind it together', async () => {
    const store = controlledStore();
    const first = store.reader.next('a');
    const queued = [store.reader.next('b'), store.reader.next('c'), store.reader.next('b')];
    await store.finishOldest();
    await store.finishOldest();
    await Promise.all([first, ...queued]);
    expect(store.keysRead()).toEqual([['a'], ['b', 'c']]);
  });

  it('passes a failed read to its callers and recovers', async () => {
    let fail = true;
    const reader = new SharedRead<string, number>(async () => {
      if (fail) throw new Error('down');
      return 7;
    });
    await expect(reader.next('a')).rejects.toThrow('down');
    fail = false;
    expect(await reader.next('a')).toBe(7);
  });
});
