// The catalog one request reads: the account's registered services over AWS's built-in ones (a
// registered service that overrides an AWS prefix takes its place). Registered services are
// read from the database when first asked for in the request and kept for the rest of it, so a
// request sees one state of them and every change committed before it began.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { CatalogAction, CatalogService, CatalogServiceDetail, ServiceCatalogDetails } from './catalog.ts';
import { AWS_SERVICES, type IamDataSource } from './iam-data-source.ts';
import { toServiceDetail } from './registered-services.ts';

/** Longer than any prefix that can exist; a longer one is unknown without a query. */
const MAX_PREFIX = 64;

class RequestCatalog implements ServiceCatalogDetails {
  private readonly registered = new Map<string, Promise<CatalogServiceDetail | undefined>>();
  private readonly lists = new Map<string, Promise<readonly CatalogService[]>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly builtIn: IamDataSource,
  ) {}

  async describe(accountId: string, servicePrefix: string): Promise<CatalogServiceDetail | undefined> {
    const prefix = servicePrefix.toLowerCase();
    if (prefix.length > MAX_PREFIX) return undefined;
    return (await this.registeredOne(accountId, prefix)) ?? this.builtIn.describe(prefix);
  }

  async describeAll(accountId: string, servicePrefixes: readonly string[]): Promise<ReadonlyMap<string, CatalogServiceDetail>> {
    const prefixes = [...new Set(servicePrefixes.map((p) => p.toLowerCase()).filter((p) => p.length <= MAX_PREFIX))];
    const missing = prefixes.filter((prefix) => !this.registered.has(`${accountId}:${prefix}`));
    if (missing.length) {
      const rows = this.prisma.service.findMany({ where: { accountId, prefix: { in: missing } } });
      for (const prefix of missing) {
        this.registered.set(`${accountId}:${prefix}`, rows.then((found) => {
          const row = found.find((r) => r.prefix === prefix);
          return row && toServiceDetail(row);
        }));
      }
    }
    const found = await Promise.all(prefixes.map(async (prefix) => [prefix, await this.describe(accountId, prefix)] as const));
    return new Map(found.flatMap(([prefix, detail]) => (detail ? [[prefix, detail] as const] : [])));
  }

  async actionsOf(accountId: string, servicePrefix: string): Promise<readonly CatalogAction[] | undefined> {
    return (await this.describe(accountId, servicePrefix))?.actions;
  }

  services(accountId: string): Promise<readonly CatalogService[]> {
    let list = this.lists.get(accountId);
    if (!list) {
      list = this.loadServices(accountId);
      this.lists.set(accountId, list);
    }
    return list;
  }

  private async loadServices(accountId: string): Promise<readonly CatalogService[]> {
    const [aws, rows] = await Promise.all([
      this.builtIn.services(),
      this.prisma.service.findMany({ where: { accountId }, orderBy: { prefix: 'asc' }, select: { prefix: true, name: true, actionCount: true } }),
    ]);
    const taken = new Set(rows.map((row) => row.prefix));
    return [...aws.filter((service) => !taken.has(service.prefix)), ...rows.map((row) => ({ ...row, builtIn: false }))];
  }

  private registeredOne(accountId: string, prefix: string): Promise<CatalogServiceDetail | undefined> {
    const key = `${accountId}:${prefix}`;
    let found = this.registered.get(key);
    if (!found) {
      found = this.prisma.service
        .findUnique({ where: { accountId_prefix: { accountId, prefix } } })
        .then((row) => (row ? toServiceDetail(row) : undefined));
      this.registered.set(key, found);
    }
    return found;
  }
}

/** A catalog for one request (it remembers what it read); cheap to make. */
export function createServiceCatalog(prisma: PrismaClient, builtIn: IamDataSource = AWS_SERVICES): ServiceCatalogDetails {
  return new RequestCatalog(prisma, builtIn);
}
