// The indexes auditEvents' filters rely on at a million records (npm run bench:audit). Speed is
// the bench's to measure; what a test can hold is the configuration that gives it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

it('puts every record in the resources index as it is written: no pending list for each resource query to scan', async () => {
  const [index] = await api.prisma.$queryRawUnsafe<Array<{ options: string[] | null; method: string }>>(
    `SELECT c.reloptions AS options, am.amname AS method FROM pg_class c JOIN pg_am am ON am.oid = c.relam
     WHERE c.relname = 'AuditEvent_resources_idx' AND c.relnamespace = current_schema()::regnamespace`,
  );
  expect(index?.method).toBe('gin');
  expect(index?.options ?? []).toContain('fastupdate=off');
});
