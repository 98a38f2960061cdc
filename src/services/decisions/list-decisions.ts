// decisionLog: the caller's account's decisions, newest first, in keyset pages on (time, id),
// so page 1,000 costs what page 1 does. Each filter (principal, action, decision) leads an index
// with (time, id) after it, so a filtered page is one index range too. The read first writes
// what this process has buffered, so a decision made just before is in the answer.
import { badInput } from '../../errors.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { DecisionLogEntryModel, Page } from '../models.ts';
import { fetchPageBy, type PageRequest } from '../pagination.ts';
import type { Scope } from '../scope.ts';
import type { DecisionSource, RequestDecisions } from './decision-entry.ts';

export interface DecisionLogFilter {
  principal?: string | null;
  action?: string | null;
  resource?: string | null;
  decision?: string | null;
  source?: DecisionSource | null;
  from?: Date | null;
  to?: Date | null;
}

const MAX_FILTER_LENGTH = 2048;

export async function listDecisions(
  scope: Scope,
  buffered: RequestDecisions | undefined,
  filter: DecisionLogFilter | null | undefined,
  page: PageRequest,
): Promise<Page<DecisionLogEntryModel>> {
  const where = whereOf(scope, filter ?? {});
  // A failed write is retried in the background (and logged there): answer with what is stored.
  await buffered?.flush().catch(() => {});
  return fetchPageBy(
    page,
    { list: 'decisionLog', filters: { ...filter } },
    (entry) => `${entry.time.toISOString()}|${entry.id}`,
    (afterKey, take) =>
      scope.prisma.decisionLogEntry.findMany({
        where: afterKey === undefined ? where : { AND: [where, after(afterKey)] },
        orderBy: [{ time: 'desc' }, { id: 'desc' }],
        take,
      }),
    () => scope.prisma.decisionLogEntry.count({ where }),
  );
}

function whereOf(scope: Scope, filter: DecisionLogFilter): Prisma.DecisionLogEntryWhereInput {
  for (const key of ['principal', 'action', 'resource'] as const) {
    const value = filter[key];
    if (value != null && value.length > MAX_FILTER_LENGTH) throw badInput(`filter.${key}`, `must be at most ${MAX_FILTER_LENGTH} characters`);
  }
  const where: Prisma.DecisionLogEntryWhereInput = { accountId: scope.accountId };
  if (filter.principal != null) where.principalArn = filter.principal;
  if (filter.action != null) where.action = filter.action;
  if (filter.resource != null) where.resource = filter.resource;
  if (filter.decision != null) where.decision = filter.decision;
  if (filter.source != null) where.source = filter.source;
  if (filter.from != null || filter.to != null) {
    where.time = { ...(filter.from != null && { gte: filter.from }), ...(filter.to != null && { lt: filter.to }) };
  }
  return where;
}

// Rows after (older than) the cursor's: `time <= t` bounds the index range, the OR breaks ties
// among the many decisions of one request (they share its time) by id.
function after(key: string): Prisma.DecisionLogEntryWhereInput {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,19})$/.exec(key);
  const time = match ? new Date(match[1]!) : undefined;
  if (!match || Number.isNaN(time!.getTime())) throw badInput('after', 'is not a cursor of this list');
  const id = BigInt(match[2]!);
  return { time: { lte: time }, OR: [{ time: { lt: time } }, { id: { lt: id } }] };
}
