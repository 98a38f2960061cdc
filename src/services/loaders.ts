// DataLoaders for every relationship field the API resolves, made fresh per request (context.ts)
// so nothing is cached across requests. Each loader answers a whole list of parents with one query.
import DataLoader from 'dataloader';
import type { AccessKey, Group, InlinePolicy, LoginProfile, MfaDevice, Policy, PolicyVersion, PrismaClient, Role, Tag, User } from '../generated/prisma/client.ts';

type OwnerColumn = 'userId' | 'groupId' | 'roleId';
type TagColumn = 'userId' | 'roleId' | 'policyId';

/** Groups rows by a key, in the order of `keys`. */
function groupBy<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const buckets = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) buckets.get(keyOf(row))?.push(row);
  return keys.map((key) => buckets.get(key) ?? []);
}

const byName = <T extends { nameKey: string }>(a: T, b: T) => a.nameKey.localeCompare(b.nameKey);

export function createLoaders(prisma: PrismaClient) {
  const attachedPolicies = (column: OwnerColumn) =>
    new DataLoader<string, Policy[]>(async (ids) => {
      const rows = await prisma.policyAttachment.findMany({ where: { [column]: { in: [...ids] } }, include: { policy: true } });
      return groupBy(ids, rows, (row) => row[column] as string).map((list) => list.map((row) => row.policy).sort(byName));
    });
  const inlinePolicies = (column: OwnerColumn) =>
    new DataLoader<string, InlinePolicy[]>(async (ids) => {
      const rows = await prisma.inlinePolicy.findMany({ where: { [column]: { in: [...ids] } }, orderBy: { nameKey: 'asc' } });
      return groupBy(ids, rows, (row) => row[column] as string);
    });
  const tags = (column: TagColumn) =>
    new DataLoader<string, Tag[]>(async (ids) => {
      const rows = await prisma.tag.findMany({ where: { [column]: { in: [...ids] } }, orderBy: { keyLower: 'asc' } });
      return groupBy(ids, rows, (row) => row[column] as string);
    });

  const inOrder = <T extends { id: string }>(ids: readonly string[], rows: readonly T[]) => {
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  };

  return {
    policyById: new DataLoader<string, Policy | null>(async (ids) => inOrder(ids, await prisma.policy.findMany({ where: { id: { in: [...ids] } } }))),
    userById: new DataLoader<string, User | null>(async (ids) => inOrder(ids, await prisma.user.findMany({ where: { id: { in: [...ids] } } }))),
    groupById: new DataLoader<string, Group | null>(async (ids) => inOrder(ids, await prisma.group.findMany({ where: { id: { in: [...ids] } } }))),
    roleById: new DataLoader<string, Role | null>(async (ids) => inOrder(ids, await prisma.role.findMany({ where: { id: { in: [...ids] } } }))),
    groupsOfUser: new DataLoader<string, Group[]>(async (ids) => {
      const rows = await prisma.groupMembership.findMany({ where: { userId: { in: [...ids] } }, include: { group: true } });
      return groupBy(ids, rows, (row) => row.userId).map((list) => list.map((row) => row.group).sort(byName));
    }),
    usersOfGroup: new DataLoader<string, User[]>(async (ids) => {
      const rows = await prisma.groupMembership.findMany({ where: { groupId: { in: [...ids] } }, include: { user: true } });
      return groupBy(ids, rows, (row) => row.groupId).map((list) => list.map((row) => row.user).sort(byName));
    }),
    attachedPoliciesOfUser: attachedPolicies('userId'),
    attachedPoliciesOfGroup: attachedPolicies('groupId'),
    attachedPoliciesOfRole: attachedPolicies('roleId'),
    inlinePoliciesOfUser: inlinePolicies('userId'),
    inlinePoliciesOfGroup: inlinePolicies('groupId'),
    inlinePoliciesOfRole: inlinePolicies('roleId'),
    tagsOfUser: tags('userId'),
    tagsOfRole: tags('roleId'),
    tagsOfPolicy: tags('policyId'),
    mfaDevicesOfUser: new DataLoader<string, MfaDevice[]>(async (ids) => {
      const rows = await prisma.mfaDevice.findMany({ where: { userId: { in: [...ids] } }, orderBy: { serialNumber: 'asc' } });
      return groupBy(ids, rows, (row) => row.userId!);
    }),
    accessKeysOfUser: new DataLoader<string, AccessKey[]>(async (ids) => {
      const rows = await prisma.accessKey.findMany({ where: { userId: { in: [...ids] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return groupBy(ids, rows, (row) => row.userId);
    }),
    versionsOfPolicy: new DataLoader<string, PolicyVersion[]>(async (ids) => {
      const rows = await prisma.policyVersion.findMany({ where: { policyId: { in: [...ids] } }, orderBy: { versionNumber: 'desc' } });
      return groupBy(ids, rows, (row) => row.policyId);
    }),
    attachmentsOfPolicy: new DataLoader<string, { users: User[]; groups: Group[]; roles: Role[] }>(async (ids) => {
      const rows = await prisma.policyAttachment.findMany({
        where: { policyId: { in: [...ids] } },
        include: { user: true, group: true, role: true },
      });
      return groupBy(ids, rows, (row) => row.policyId).map((list) => ({
        users: list.flatMap((row) => (row.user ? [row.user] : [])).sort(byName),
        groups: list.flatMap((row) => (row.group ? [row.group] : [])).sort(byName),
        roles: list.flatMap((row) => (row.role ? [row.role] : [])).sort(byName),
      }));
    }),
    boundaryUsageOfPolicy: new DataLoader<string, number>(async (ids) => {
      const [users, roles] = await Promise.all([
        prisma.user.groupBy({ by: ['permissionsBoundaryId'], where: { permissionsBoundaryId: { in: [...ids] } }, _count: true }),
        prisma.role.groupBy({ by: ['permissionsBoundaryId'], where: { permissionsBoundaryId: { in: [...ids] } }, _count: true }),
      ]);
      const counts = new Map<string, number>();
      for (const row of [...users, ...roles]) {
        counts.set(row.permissionsBoundaryId!, (counts.get(row.permissionsBoundaryId!) ?? 0) + row._count);
      }
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    loginProfileOfUser: new DataLoader<string, LoginProfile | null>(async (ids) => {
      const rows = await prisma.loginProfile.findMany({ where: { userId: { in: [...ids] } } });
      const found = new Map(rows.map((row) => [row.userId, row]));
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
