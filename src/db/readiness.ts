// /readyz: whether the database answers `SELECT 1` within a short timeout. Concurrent probes
// share one check, so a flood of them holds at most one pooled connection; a check that
// outlives the timeout is answered "not ready" and left to end within the pool's own bounds.
import type { PrismaClient } from '../generated/prisma/client.ts';

export class ReadinessProbe {
  #running: Promise<boolean> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly timeoutMs: number,
  ) {}

  check(): Promise<boolean> {
    this.#running ??= this.#check().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, this.timeoutMs, false)));
    const answered = this.prisma.$queryRaw`SELECT 1`.then(() => true, () => false);
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
