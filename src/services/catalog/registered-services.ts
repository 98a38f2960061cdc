// The services an account registers: putService (create or replace) and deleteService. A
// registered prefix may not shadow an AWS one unless the input says so (`overrideBuiltIn`).
import { badInput, GatehouseError, noSuchEntity } from '../../errors.ts';
import type { Prisma, Service } from '../../generated/prisma/client.ts';
import type { Scope } from '../scope.ts';
import { inTransaction } from '../transactions.ts';
import type { CatalogServiceDetail } from './catalog.ts';
import { AWS_SERVICES } from './iam-data-source.ts';
import { checkServiceInput, SERVICE_PREFIX, type PutServiceParams, type ServiceDefinition } from './service-input.ts';

/** A stored row as the catalog presents it. */
export function toServiceDetail(row: Service): CatalogServiceDetail {
  const definition = row.definition as unknown as ServiceDefinition;
  return {
    prefix: row.prefix,
    name: row.name,
    builtIn: false,
    actionCount: row.actionCount,
    actions: definition.actions.map((action) => ({ service: row.prefix, ...action })),
    resourceTypes: definition.resourceTypes,
    conditionKeys: definition.conditionKeys,
    overridesBuiltIn: row.overridesBuiltIn,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Creates the service or replaces its whole definition (name, actions, resource types, keys). */
export async function putService(scope: Scope, input: PutServiceParams, now: Date): Promise<CatalogServiceDetail> {
  const definition = checkServiceInput(input);
  const prefix = input.servicePrefix;
  const shadows = await AWS_SERVICES.has(prefix);
  if (shadows && input.overrideBuiltIn !== true) {
    throw new GatehouseError('ENTITY_ALREADY_EXISTS', `service \`${prefix}\` already exists: it is AWS's; set \`overrideBuiltIn: true\` to replace it for this account`, {
      field: 'servicePrefix',
    });
  }
  const data = {
    name: input.serviceName,
    overridesBuiltIn: shadows,
    definition: definition as unknown as Prisma.InputJsonValue,
    actionCount: definition.actions.length,
    updatedAt: now,
  };
  // one statement (INSERT ... ON CONFLICT): concurrent puts of one prefix leave one of them whole
  const row = await inTransaction(scope, (tx) =>
    tx.service.upsert({
      where: { accountId_prefix: { accountId: scope.accountId, prefix } },
      create: { accountId: scope.accountId, prefix, createdAt: now, ...data },
      update: data,
    }),
  );
  return toServiceDetail(row);
}

export interface DeletedService {
  servicePrefix: string;
  /** Whether an AWS service of this prefix applies to the account again. */
  builtInRestored: boolean;
}

export async function deleteService(scope: Scope, servicePrefix: string): Promise<DeletedService> {
  if (!SERVICE_PREFIX.test(servicePrefix)) throw badInput('servicePrefix', 'must be 1 to 40 lowercase letters, digits and hyphens');
  const { count } = await inTransaction(scope, (tx) => tx.service.deleteMany({ where: { accountId: scope.accountId, prefix: servicePrefix } }));
  if (count === 0) {
    if (await AWS_SERVICES.has(servicePrefix)) {
      throw new GatehouseError('NO_SUCH_ENTITY', `service \`${servicePrefix}\` is not registered: it is AWS's, which cannot be deleted`);
    }
    throw noSuchEntity('service', servicePrefix);
  }
  return { servicePrefix, builtInRestored: await AWS_SERVICES.has(servicePrefix) };
}
