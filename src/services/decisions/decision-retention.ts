// The decision log's retention: rows older than GATEHOUSE_DECISION_LOG_RETENTION_DAYS are
// deleted by an hourly sweep (server.ts), which runs even while the log is off, so that rows
// from when it was on still age out.
import type { PrismaClient } from '../../generated/prisma/client.ts';

const ROWS_PER_STATEMENT = 10_000;
const BUDGET_MS = 30_000;
const DAY_MS = 86_400_000;

/**
 * Deletes the rows older than `retentionDays` as of `now`, ROWS_PER_STATEMENT per statement so
 * that no statement holds many locks or runs long, until none is left or BUDGET_MS has passed
 * (the next sweep goes on). Returns how many rows it deleted.
 */
export async function expireDecisions(prisma: PrismaClient, retentionDays: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const started = Date.now();
  let deleted = 0;
  for (;;) {
    const count = await prisma.$executeRaw`
      DELETE FROM "DecisionLogEntry" WHERE id IN (
        SELECT id FROM "DecisionLogEntry" WHERE "time" < ${cutoff} ORDER BY "time" LIMIT ${ROWS_PER_STATEMENT})`;
    deleted += count;
    if (count < ROWS_PER_STATEMENT || Date.now() - started > BUDGET_MS) return deleted;
  }
}
