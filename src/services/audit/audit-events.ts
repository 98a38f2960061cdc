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

export async function listAuditEvents(scope: Scope, filter: AuditEventFilter | null | undefined, page: PageRequest): Promise<Page<AuditEventModel>> {
  const given = filter ?? {};
  const where = { AND: [whereOf(scope, given), await sequencesWithin(scope, given)] };
  const unfiltered = Object.values(given).every((value) => value == null);
  return fetchPageBy(
    page,
    { list: 'auditEvents', filters: { ...filter } },
    (event) => event.sequence.toString(),
    (afterKey, take) =>
      scope.prisma.auditEvent.findMany({
        where: afterKey === undefined ? where : { AND: [where, { sequence: { lt: parseSequence(afterKey) } }] },
        orderBy: { sequence: 'desc' },
        take,
      }),
    // the whole trail's length is its head's sequence: no count over a million rows
    () => (unfiltered ? chainLength(scope) : scope.prisma.auditEvent.count({ where })),
  );
}

async function chainLength(scope: Scope): Promise<number> {
  const head = await scope.prisma.auditChainHead.findUnique({ where: { accountId: scope.accountId }, select: { sequence: true } });
  return Number(head?.sequence ?? 0n);
}

/**
 * A time window as the range of sequences it covers. Records' times never go back along the
 * chain (audit-chain.ts), so the window's first and last records, found by the time index, bound
 * it: pages then walk the sequence index whether the window is recent or months back.
 */
async function sequencesWithin(scope: Scope, filter: AuditEventFilter): Promise<Prisma.AuditEventWhereInput> {
  const edge = async (time: Prisma.DateTimeFilter, direction: 'asc' | 'desc') =>
    (await scope.prisma.auditEvent.findFirst({ where: { accountId: scope.accountId, time }, orderBy: [{ time: direction }, { sequence: direction }], select: { sequence: true } }))?.sequence;
  const bounds: Prisma.BigIntFilter = {};
  if (filter.from != null) bounds.gte = (await edge({ gte: filter.from }, 'asc')) ?? NO_SEQUENCE;
  if (filter.to != null) bounds.lte = (await edge({ lt: filter.to }, 'desc')) ?? 0n;
  return Object.keys(bounds).length ? { sequence: bounds } : {};
}

/** Past every sequence: a window after the last record holds none. */
const NO_SEQUENCE = 2n ** 63n - 1n;

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
