// SharedRead: every caller gets a value read after it arrived; concurrent callers share reads.
import { describe, expect, it } from 'vitest';
import { SharedRead } from '../../src/services/access/shared-read.ts';

/** A read whose completion the test controls; it returns the state as of when it started. */
function controlledStore() {
  let state = 0;
  const pending: Array<() => void> = [];
  let reads = 0;
  const reader = new SharedRead(() => {
    reads++;
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
  };
}

describe('SharedRead', () => {
  it('lets callers that arrive together share one read', async () => {
    const store = controlledStore();
    const answers = Promise.all([store.reader.next(), store.reader.next(), store.reader.next()]);
    await store.finishOldest();
    await store.finishOldest();
    expect(await answers).toEqual([0, 0, 0]);
    expect(store.reads()).toBe(2);
  });

  it('never answers a caller with a read that started before it arrived', async () => {
    const store = controlledStore();
    const early = store.reader.next();
    store.write();
    const late = store.reader.next();
    const later = store.reader.next();
    await store.finishOldest();
    expect(await early).toBe(0);
    await store.finishOldest();
    expect(await late).toBe(1);
    expect(await later).toBe(1);
    expect(store.reads()).toBe(2);
  });

  it('starts afresh once idle', async () => {
    const store = controlledStore();
    const first = store.reader.next();
    await store.finishOldest();
    expect(await first).toBe(0);
    store.write();
    const second = store.reader.next();
    await store.finishOldest();
    expect(await second).toBe(1);
  });

  it('passes a failed read to its callers and recovers', async () => {
    let fail = true;
    const reader = new SharedRead(async () => {
      if (fail) throw new Error('down');
      return 7;
    });
    await expect(reader.next()).rejects.toThrow('down');
    fail = false;
    expect(await reader.next()).toBe(7);
  });
});
