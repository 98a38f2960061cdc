// Reads: single entities by name, ARN or id, and name-ordered pages with filters.
import { badInput, GatehouseError } from '../errors.ts';
import { parseEntityArn } from '../domain/arn.ts';
import { kindOfUniqueId } from '../domain/iam-ids.ts';
import { checkPathPrefix } from '../domain/validate-names.ts';
import type { Group, Policy, Role, User } from '../generated/prisma/client.ts';
import { findPolicyByArn, policyWhere } from './lookups.ts';
import type { Page } from './models.ts';
import { fetchPage, fetchPageBy, startsWithRange, tagFilter, type PageRequest } from './pagination.ts';
import type { Scope } from './scope.ts';

export type Entity = { kind: 'user'; row: User } | { kind: 'group'; row: Group } | { kind: 'role'; row: Role } | { kind: 'policy'; row: Policy };

// Lookups of one thing answer null when it is missing; only mutations fail with NO_SUCH_ENTITY.
const byName = (scope: Scope, name: string) => ({ where: { accountId_nameKey: { accountId: scope.accountId, nameKey: name.toLowerCase() } } });
export const getUser = (scope: Scope, userName: string) => scope.named?.find('user', userName) ?? scope.prisma.user.findUnique(byName(scope, userName));
export const getGroup = (scope: Scope, groupName: string) => scope.named?.find('group', groupName) ?? scope.prisma.group.findUnique(byName(scope, groupName));
export const getRole = (scope: Scope, roleName: string) => scope.named?.find('role', roleName) ?? scope.prisma.role.findUnique(byName(scope, roleName));
export const getPolicy = (scope: Scope, policyArn: string) =>
  findPolicyByArn(scope.prisma, scope, policyArn).catch((error: unknown) => {
    if (error instanceof GatehouseError && error.code === 'NO_SUCH_ENTITY') return null;
    throw error;
  });

/** An entity of the caller's account by ARN; null when there is none. */
export async function findEntityByArn(scope: Scope, arn: string): Promise<Entity | null> {
  const parsed = parseEntityArn(arn);
  if (!parsed) throw badInput('arn', `\`${arn}\` is not an IAM user, group, role or policy ARN`);
  if (parsed.kind === 'policy') {
    const policyKey = policyWhere(scope, parsed);
    const policy = policyKey ? await scope.prisma.policy.findUnique({ where: policyKey }) : null;
    return policy && policy.path === parsed.path ? { kind: 'policy', row: policy } : null;
  }
  if (parsed.accountId !== scope.accountId || parsed.partition !== scope.partition) return null;
  const where = { accountId_nameKey: { accountId: scope.accountId, nameKey: parsed.name.toLowerCase() } };
  const row = await ({
    user: () => scope.prisma.user.findUnique({ where }),
    group: () => scope.prisma.group.findUnique({ where }),
    role: () => scope.prisma.role.findUnique({ where }),
  })[parsed.kind]();
  if (!row || row.path !== parsed.path) return null;
  return { kind: parsed.kind, row } as Entity;
}

/** An entity of the caller's account by unique id (AIDA..., AGPA..., AROA..., ANPA...). */
export async function findEntityById(scope: Scope, id: string): Promise<Entity | null> {
  const kind = kindOfUniqueId(id);
  if (!kind) throw badInput('id', `\`${id}\` is not a user, group, role or policy id`);
  const where = { id, accountId: scope.accountId };
  const row = await ({
    user: () => scope.prisma.user.findFirst({ where }),
    group: () => scope.prisma.group.findFirst({ where }),
    role: () => scope.prisma.role.findFirst({ where }),
    policy: () => scope.prisma.policy.findFirst({ where }),
  })[kind]();
  return row ? ({ kind, row } as Entity) : null;
}

export interface ListFilter extends PageRequest {
  pathPrefix?: string | null;
  namePrefix?: string | null;
  tag?: { key: string; value?: string | null } | null;
}

// Prefixes are index ranges on (accountId, nameKey) and (accountId, path), not LIKE filters.
function baseWhere(scope: Scope, filter: ListFilter) {
  if (filter.pathPrefix != null) checkPathPrefix('pathPrefix', filter.pathPrefix);
  return {
    accountId: scope.accountId,
    ...(filter.pathPrefix ? { path: startsWithRange('pathPrefix', filter.pathPrefix) } : {}),
    ...(filter.namePrefix ? { nameKey: startsWithRange('namePrefix', filter.namePrefix.toLowerCase()) } : {}),
  };
}

/** What a cursor of this list is bound to: the list and every filter that shapes it. */
function cursorScope(list: string, filter: ListFilter & { onlyAttached?: boolean | null; scope?: string | null }) {
  const { pathPrefix, namePrefix, tag, onlyAttached, scope } = filter;
  return { list, filters: { pathPrefix, namePrefix, tagKey: tag?.key.toLowerCase(), tagValue: tag?.value, onlyAttached, scope } };
}

// Combined with AND, not spread: the name-prefix filter also constrains nameKey.
const after = (afterKey: string | undefined) => (afterKey === undefined ? {} : { nameKey: { gt: afterKey } });
const nameOrder = { nameKey: 'asc' } as const;

export function listUsers(scope: Scope, filter: ListFilter): Promise<Page<User>> {
  const where = { ...baseWhere(scope, filter), ...tagFilter(filter.tag) };
  return fetchPage(
    filter,
    cursorScope('users', filter),
    (afterKey, take) => scope.prisma.user.findMany({ where: { AND: [where, after(afterKey)] }, orderBy: nameOrder, take }),
    () => scope.prisma.user.count({ where }),
  );
}

export function listGroups(scope: Scope, filter: ListFilter): Promise<Page<Group>> {
  const where = baseWhere(scope, filter);
  return fetchPage(
    filter,
    cursorScope('groups', filter),
    (afterKey, take) => scope.prisma.group.findMany({ where: { AND: [where, after(afterKey)] }, orderBy: nameOrder, take }),
    () => scope.prisma.group.count({ where }),
  );
}

export function listRoles(scope: Scope, filter: ListFilter): Promise<Page<Role>> {
  const where = { ...baseWhere(scope, filter), ...tagFilter(filter.tag) };
  return fetchPage(
    filter,
    cursorScope('roles', filter),
    (afterKey, take) => scope.prisma.role.findMany({ where: { AND: [where, after(afterKey)] }, orderBy: nameOrder, take }),
    () => scope.prisma.role.count({ where }),
  );
}

export interface PolicyListFilter extends ListFilter {
  onlyAttached?: boolean | null;
  scope?: 'ALL' | 'LOCAL' | 'AWS' | null;
}

export function listPolicies(scope: Scope, filter: PolicyListFilter): Promise<Page<Policy>> {
  // Scope as AWS's ListPolicies: AWS is the built-in policies, LOCAL the account's own, ALL both.
  const where = {
    ...baseWhere(scope, filter),
    ...tagFilter(filter.tag),
    ...(filter.onlyAttached ? { attachments: { some: {} } } : {}),
    ...(filter.scope === 'AWS' ? { awsManaged: true } : filter.scope === 'LOCAL' ? { awsManaged: false } : {}),
  };
  return fetchPageBy(
    filter,
    cursorScope('policies', filter),
    policyKey,
    (afterKey, take) =>
      scope.prisma.policy.findMany({ where: { AND: [where, afterPolicy(afterKey)] }, orderBy: [nameOrder, { awsManaged: 'asc' }], take }),
    () => scope.prisma.policy.count({ where }),
  );
}

// A customer policy and a built-in one may share a name: the key is the name, then whether it is
// built in (a name has no NUL), in the (accountId, nameKey, awsManaged) index's order.
const policyKey = (policy: Policy) => `${policy.nameKey}\u0000${policy.awsManaged ? 1 : 0}`;

function afterPolicy(afterKey: string | undefined) {
  if (afterKey === undefined) return {};
  const [nameKey = '', builtIn] = afterKey.split('\u0000');
  // A range, not an OR, so a deep page stays an index range scan.
  return builtIn === '1' ? { nameKey: { gt: nameKey } } : { nameKey: { gte: nameKey }, NOT: { nameKey, awsManaged: false } };
}
