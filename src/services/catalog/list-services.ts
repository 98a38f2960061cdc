// services(first, after) and service(servicePrefix): the account's catalog, AWS's services and
// its own merged in one prefix order. Registered services are read a keyset page at a time, as
// users are; AWS's (about 450) are in memory.
import { sealCursor, type CursorScope } from '../cursor.ts';
import type { Page } from '../models.ts';
import { checkPageRequest, type PageRequest } from '../pagination.ts';
import type { Scope } from '../scope.ts';
import type { CatalogService, CatalogServiceDetail, ServiceCatalogDetails } from './catalog.ts';
import { AWS_SERVICES } from './iam-data-source.ts';

export interface ListServicesParams extends PageRequest {
  /** true: only AWS's; false: only registered ones; null: both. */
  builtIn?: boolean | null;
}

const byPrefix = (a: CatalogService, b: CatalogService) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0);

export async function listServices(scope: Scope, params: ListServicesParams): Promise<Page<CatalogService>> {
  const cursorScope: CursorScope = { list: 'services', filters: { builtIn: params.builtIn ?? null } };
  const { take, afterKey } = checkPageRequest(params, cursorScope);
  const after = afterKey ?? '';
  const withBuiltIn = params.builtIn !== false;
  const withRegistered = params.builtIn !== true;
  const accountId = scope.accountId;

  const [aws, overridden, rows] = await Promise.all([
    withBuiltIn ? AWS_SERVICES.services() : [],
    // at most one row per AWS prefix, so this read is bounded whatever the account holds
    withBuiltIn ? scope.prisma.service.findMany({ where: { accountId, overridesBuiltIn: true }, select: { prefix: true } }) : [],
    withRegistered
      ? scope.prisma.service.findMany({
          where: { accountId, prefix: { gt: after } },
          orderBy: { prefix: 'asc' },
          take: take + 1,
          select: { prefix: true, name: true, actionCount: true },
        })
      : [],
  ]);
  const shadowed = new Set([...overridden.map((row) => row.prefix), ...rows.map((row) => row.prefix)]);
  const builtIns = aws.filter((service) => service.prefix > after && !shadowed.has(service.prefix)).slice(0, take + 1);
  const merged = [...builtIns, ...rows.map((row) => ({ ...row, builtIn: false }))].sort(byPrefix).slice(0, take + 1);
  const items = merged.slice(0, take);
  let total: Promise<number> | undefined;
  const count = async () => {
    const registered = withRegistered ? await scope.prisma.service.count({ where: { accountId } }) : 0;
    const awsCount = withBuiltIn ? aws.filter((service) => !overridden.some((row) => row.prefix === service.prefix)).length : 0;
    return registered + awsCount;
  };
  return {
    items,
    cursors: items.map((item) => sealCursor(cursorScope, item.prefix)),
    hasNextPage: merged.length > take,
    hasPreviousPage: afterKey !== undefined,
    totalCount: () => (total ??= count()),
  };
}

/** The service the account knows by this prefix; null when none (prefixes ignore case). */
export async function getService(scope: Scope, catalog: ServiceCatalogDetails, servicePrefix: string): Promise<CatalogServiceDetail | null> {
  return (await catalog.describe(scope.accountId, servicePrefix)) ?? null;
}

/** The whole service behind a list item (a looked-up service already is one). */
export async function describeListed(scope: Scope, catalog: ServiceCatalogDetails, service: CatalogService): Promise<CatalogServiceDetail> {
  if ('actions' in service) return service as CatalogServiceDetail;
  const detail = await catalog.describe(scope.accountId, service.prefix);
  // a registered service deleted since its page was read: present it as it was listed
  return detail ?? { ...service, actions: [], resourceTypes: [], conditionKeys: [], overridesBuiltIn: false, createdAt: null, updatedAt: null };
}
