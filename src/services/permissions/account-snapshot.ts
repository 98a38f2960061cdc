// Everything of one account that evaluation reads, as one consistent snapshot: every user, group
// and role with its documents, as load-principal would give each one. whoCan decides many
// principals at once from it instead of loading them one by one. Read in one REPEATABLE READ
// transaction together with the policy epoch it reflects, and reused while the epoch stays.
import { LRUCache } from 'lru-cache';
import { formatArn } from '../../domain/arn.ts';
import type { PolicyVersion, PrismaClient } from '../../generated/prisma/client.ts';
import { inlineDocument, managedDocument, type PolicyWithVersions, type PrincipalRecord, type StoredDocument } from '../access/load-principal.ts';
import { attachedSource, boundarySource, type GroupRef } from '../access/policy-source.ts';

export interface SnapshotPrincipal {
  /** sort key of whoCan's pages: users (`1:name`), then roles (`2:name`), each by lowercased name */
  key: string;
  record: PrincipalRecord;
}

export interface SnapshotGroup {
  ref: GroupRef;
  documents: StoredDocument[];
}

export interface AccountSnapshot {
  /** the policy epoch the snapshot was read at */
  epoch: bigint;
  principals: SnapshotPrincipal[];
  groups: SnapshotGroup[];
}

const CACHED_ACCOUNTS = 4;

export class AccountSnapshots {
  readonly #cache = new LRUCache<string, AccountSnapshot>({ max: CACHED_ACCOUNTS });
  readonly #loading = new Map<string, Promise<AccountSnapshot>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly partition: string,
  ) {}

  /** The account as of `epoch` or later (a write may have committed since the request read it). */
  async at(accountId: string, epoch: bigint): Promise<AccountSnapshot> {
    const cached = this.#cache.get(accountId);
    if (cached && cached.epoch >= epoch) return cached;
    // concurrent callers of one account share one load
    const pending = this.#loading.get(accountId);
    if (pending) {
      const shared = await pending;
      if (shared.epoch >= epoch) return shared;
    }
    const load = loadSnapshot(this.prisma, this.partition, accountId);
    this.#loading.set(accountId, load);
    try {
      const snapshot = await load;
      const current = this.#cache.get(accountId);
      if (!current || current.epoch <= snapshot.epoch) this.#cache.set(accountId, snapshot);
      return snapshot;
    } finally {
      if (this.#loading.get(accountId) === load) this.#loading.delete(accountId);
    }
  }
}

// Flat queries, one per table, joined here: Prisma's nested includes send the same rows through
// IN lists of every id, several times slower on an account of 10,000 users.
async function loadSnapshot(prisma: PrismaClient, partition: string, accountId: string): Promise<AccountSnapshot> {
  const where = { accountId };
  const read = await prisma.$transaction(async (tx) => {
    const epoch = await tx.accountPolicyEpoch.findUnique({ where: { accountId } });
    const policies = await tx.policy.findMany({ where });
    const versions = await tx.policyVersion.findMany({ where: { policy: where } });
    const groups = await tx.group.findMany({ where });
    const users = await tx.user.findMany({ where });
    const roles = await tx.role.findMany({ where });
    const tags = await tx.tag.findMany({ where: { OR: [{ user: where }, { role: where }] } });
    const inline = await tx.inlinePolicy.findMany({ where: { OR: [{ user: where }, { group: where }, { role: where }] } });
    const attachments = await tx.policyAttachment.findMany({ where: { policy: where }, select: { policyId: true, userId: true, groupId: true, roleId: true } });
    const memberships = await tx.groupMembership.findMany({ where: { group: where }, select: { userId: true, groupId: true } });
    return { epoch: epoch?.value ?? 0n, policies, versions, groups, users, roles, tags, inline, attachments, memberships };
  }, { isolationLevel: 'RepeatableRead' });

  const defaults = new Map<string, PolicyVersion>();
  const byId = new Map(read.policies.map((p) => [p.id, p]));
  for (const v of read.versions) if (byId.get(v.policyId)?.defaultVersionNumber === v.versionNumber) defaults.set(v.policyId, v);
  const policies = new Map<string, PolicyWithVersions>(read.policies.map((p) => [p.id, { ...p, versions: defaults.has(p.id) ? [defaults.get(p.id)!] : [] }]));
  const policy = (id: string) => {
    const found = policies.get(id);
    if (!found) throw new Error(`policy ${id} is missing from the snapshot`);
    return found;
  };
  const attached = (id: string, group?: GroupRef) => {
    const p = policy(id);
    return managedDocument(partition, p, (arn) => attachedSource(arn, p.name, group));
  };
  const boundary = (id: string | null) => {
    if (id === null) return undefined;
    const p = policy(id);
    return managedDocument(partition, p, (arn) => boundarySource(arn, p.name));
  };
  const owned = <T>(rows: T[], owner: (row: T) => string | null) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const id = owner(row);
      if (id === null) continue;
      const list = map.get(id);
      if (list) list.push(row);
      else map.set(id, [row]);
    }
    return (id: string) => map.get(id) ?? [];
  };
  const tagsOf = owned(read.tags, (t) => t.userId ?? t.roleId);
  const inlineOf = owned(read.inline, (i) => i.userId ?? i.groupId ?? i.roleId);
  const attachedTo = owned(read.attachments, (a) => a.userId ?? a.groupId ?? a.roleId);
  const groupsOf = owned(read.memberships, (m) => m.userId);
  const tagList = (id: string) => tagsOf(id).map(({ key, value }) => ({ key, value }));

  // members' documents in load-principal's order: the user's inline, attached, then per group
  const groups = new Map<string, SnapshotGroup>();
  for (const g of read.groups) {
    const ref: GroupRef = { name: g.name, arn: formatArn(partition, accountId, 'group', g.path, g.name) };
    groups.set(g.id, { ref, documents: [...inlineOf(g.id).map((p) => inlineDocument(ref.arn, p, ref)), ...attachedTo(g.id).map((a) => attached(a.policyId, ref))] });
  }
  const byName = (a: { nameKey: string }, b: { nameKey: string }) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0);
  const principals: SnapshotPrincipal[] = [];
  for (const u of [...read.users].sort(byName)) {
    const arn = formatArn(partition, accountId, 'user', u.path, u.name);
    principals.push({
      key: `1:${u.nameKey}`,
      record: {
        kind: 'user', arn, accountId, uniqueId: u.id, name: u.name, tags: tagList(u.id),
        identityDocuments: [
          ...inlineOf(u.id).map((p) => inlineDocument(arn, p, 'user')),
          ...attachedTo(u.id).map((a) => attached(a.policyId)),
          ...groupsOf(u.id).flatMap((m) => groups.get(m.groupId)?.documents ?? []),
        ],
        boundaryDocument: boundary(u.permissionsBoundaryId),
      },
    });
  }
  for (const r of [...read.roles].sort(byName)) {
    const arn = formatArn(partition, accountId, 'role', r.path, r.name);
    principals.push({
      key: `2:${r.nameKey}`,
      record: {
        kind: 'role', arn, accountId, uniqueId: r.id, name: r.name, tags: tagList(r.id),
        identityDocuments: [...inlineOf(r.id).map((p) => inlineDocument(arn, p, 'role')), ...attachedTo(r.id).map((a) => attached(a.policyId))],
        boundaryDocument: boundary(r.permissionsBoundaryId),
      },
    });
  }
  const sortedGroups = [...groups.values()].sort((a, b) => (a.ref.name.toLowerCase() < b.ref.name.toLowerCase() ? -1 : 1));
  return { epoch: read.epoch, principals, groups: sortedGroups };
}
