// The bound on concurrent password hashing: at most `limit` tasks run, at most `maxWaiting` wait,
// and a burst beyond that is refused at once (PasswordHasher's HashingBusyError, which a sign-in turns into THROTTLING).
import { describe, expect, it } from 'vitest';
import { HashingBusyError, PasswordHasher } from '../../src/auth/password-hasher.ts';
import { Semaphore } from '../../src/auth/semaphore.ts';
import { GatehouseError } from '../../src/errors.ts';

/** A task that runs until `finish` is called, recording when it started. */
function gatedTask(started: number[], id: number) {
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  return { finish, task: async () => (started.push(id), await gate, id) };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in order as slots free', async () => {
    const started: number[] = [];
    const semaphore = new Semaphore(2, 10);
    const tasks = [0, 1, 2, 3].map((id) => gatedTask(started, id));
    const runs = tasks.map(({ task }) => semaphore.run(task));
    await tick();
    expect(started).toEqual([0, 1]);
    tasks[1]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    // the freed slot went to task 2: a newcomer still waits behind task 3
    const late = gatedTask(started, 4);
    const lateRun = semaphore.run(late.task);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    tasks[0]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    tasks[2]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    tasks[3]!.finish();
    late.finish();
    expect(await Promise.all([...runs, lateRun])).toEqual([0, 1, 2, 3, 4].map((value) => ({ value })));
  });

  it('refuses a task beyond the queue without running it', async () => {
    const started: number[] = [];
    const semaphore = new Semaphore(1, 2);
    const tasks = [0, 1, 2, 3].map((id) => gatedTask(started, id));
    const runs = tasks.map(({ task }) => semaphore.run(task));
    expect(await runs[3]).toBeUndefined();
    for (const { finish } of tasks) finish();
    expect(await Promise.all(runs.slice(0, 3))).toEqual([{ value: 0 }, { value: 1 }, { value: 2 }]);
    expect(started).toEqual([0, 1, 2]);
  });

  it('frees the slot of a task that fails', async () => {
    const semaphore = new Semaphore(1, 0);
    await expect(semaphore.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'after')).toEqual({ value: 'after' });
  });
});

describe('PasswordHasher under a burst', () => {
  it('hashes one at a time with 32 waiting, and refuses the rest at once (SERVICE_UNAVAILABLE: retry)', async () => {
    const hasher = new PasswordHasher({ memoryKiB: 1024, timeCost: 1, parallelism: 1 }, 1);
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, n) => hasher.hash(`password ${n}`)));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(refused).toHaveLength(40 - 1 - 32);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(HashingBusyError);
      expect((reason as GatehouseError).code).toBe('SERVICE_UNAVAILABLE');
    }
    expect(await hasher.verify((outcomes[0] as PromiseFulfilledResult<string>).value, 'password 0')).toBe(true);
  });
});
