// auditEvents: the caller's account's records, newest first, in keyset pages on `sequence`
// (unique per account), so page 1,000 costs what page 1 does. Each filter is an indexed
// column (principalArn, eventName, outcome, time; resources through a GIN index).
import { badInput } from '../../errors.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AuditEventModel, Page } from '../models.ts';
import { fetchPageBy, type PageRequest } from '../pagination.ts';
import type { Scope } from '../scope.ts';

export interface AuditEventFilter {
  principal?: string | null;
  action?: string | null;
  resource?: string | null;
  outcome?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const MAX_FILTER_LENGTH = 2048;

export function listAuditEvents(scope: Scope, filter: AuditEventFilter | null | undefined, page: PageRequest): Promise<Page<AuditEventModel>> {
  const where = whereOf(scope, filter ?? {});
  return fetchPageBy(
    page,
    { list: 'auditEvents', filters: { ...filter } },
    (event) => event.sequence.toString(),
    (afterKey, take) =>
      scope.prisma.auditEvent.findMany({
        where: afterKey === undefined ? where : { ...where, sequence: { lt: parseSequence(afterKey) } },
        orderBy: { sequence: 'desc' },
        take,
      }),
    () => scope.prisma.auditEvent.count({ where }),
  );
}

function whereOf(scope: Scope, filter: AuditEventFilter): Prisma.AuditEventWhereInput {
  for (const key of ['principal', 'action', 'resource', 'outcome'] as const) {
    const value = filter[key];
    if (value != null && value.length > MAX_FILTER_LENGTH) throw badInput(`filter.${key}`, `must be at most ${MAX_FILTER_LENGTH} characters`);
  }
  const where: Prisma.AuditEventWhereInput = { accountId: scope.accountId };
  if (filter.principal != null) where.principalArn = filter.principal;
  // `iam:CreateUser` and `CreateUser` name the same event (as `gatehouse:ListAuditEvents` and `ListAuditEvents` do)
  if (filter.action != null) where.eventName = filter.action.replace(/^[a-z0-9-]+:/i, '');
  if (filter.outcome != null) where.outcome = filter.outcome;
  if (filter.resource != null) where.resources = { array_contains: [filter.resource] };
  if (filter.from != null || filter.to != null) {
    where.time = { ...(filter.from != null && { gte: filter.from }), ...(filter.to != null && { lt: filter.to }) };
  }
  return where;
}

function parseSequence(key: string): bigint {
  if (!/^\d{1,19}$/.test(key)) throw badInput('after', 'is not a cursor of this list');
  return BigInt(key);
}
