// Objects by global id (Relay's node and nodes), always within the caller's account: an id of
// another account's object finds nothing, exactly like an id of an object that was deleted.
import { badInput } from '../errors.ts';
import { kindOfUniqueId } from '../domain/iam-ids.ts';
import { parseNodeId, type NodeRef, type NodeType } from '../domain/node-id.ts';
import { createServiceCatalog } from './catalog/service-catalog.ts';
import type { AccessKeyModel, AccountModel, AuditEventModel, DecisionLogEntryModel, GroupModel, InlinePolicyModel, MfaDeviceModel, PolicyModel, PolicyVersionModel, RoleModel, ServiceModel, UserModel } from './models.ts';
import type { Scope } from './scope.ts';

export type NodeModel = AccountModel | UserModel | GroupModel | RoleModel | PolicyModel | PolicyVersionModel | InlinePolicyModel | AccessKeyModel | MfaDeviceModel | ServiceModel | AuditEventModel | DecisionLogEntryModel;

export const MAX_NODES = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Finds every object of one type among `keys`, keyed by its key. */
type Finder = (scope: Scope, keys: string[]) => Promise<Map<string, NodeModel>>;

const byKey = <T extends { id: string }>(rows: T[]) => new Map<string, NodeModel>(rows.map((row) => [row.id, row as unknown as NodeModel]));
const inAccount = (scope: Scope, keys: string[]) => ({ id: { in: keys }, accountId: scope.accountId });

const FINDERS: Record<NodeType, Finder> = {
  Account: async (scope, keys) =>
    byKey(keys.includes(scope.accountId) ? await scope.prisma.account.findMany({ where: { id: scope.accountId } }) : []),
  User: async (scope, keys) => byKey(await scope.prisma.user.findMany({ where: inAccount(scope, keys) })),
  Group: async (scope, keys) => byKey(await scope.prisma.group.findMany({ where: inAccount(scope, keys) })),
  Role: async (scope, keys) => byKey(await scope.prisma.role.findMany({ where: inAccount(scope, keys) })),
  Policy: async (scope, keys) => byKey(await scope.prisma.policy.findMany({ where: inAccount(scope, keys) })),
  PolicyVersion: async (scope, keys) => {
    const rows = await scope.prisma.policyVersion.findMany({
      where: { id: { in: keys.filter((key) => UUID.test(key)) }, policy: { accountId: scope.accountId } },
      include: { policy: { select: { defaultVersionNumber: true } } },
    });
    return new Map(rows.map(({ policy, ...version }) => [version.id, { version, isDefaultVersion: version.versionNumber === policy.defaultVersionNumber }]));
  },
  InlinePolicy: async (scope, keys) => {
    const owned = { accountId: scope.accountId };
    return byKey(
      await scope.prisma.inlinePolicy.findMany({
        where: { id: { in: keys.filter((key) => UUID.test(key)) }, OR: [{ user: owned }, { group: owned }, { role: owned }] },
      }),
    );
  },
  AccessKeyMetadata: async (scope, keys) => byKey(await scope.prisma.accessKey.findMany({ where: { id: { in: keys }, user: { accountId: scope.accountId } } })),
  MFADevice: async (scope, keys) => {
    const rows = await scope.prisma.mfaDevice.findMany({ where: { serialNumber: { in: keys }, accountId: scope.accountId } });
    return new Map(rows.map((row) => [row.serialNumber, row]));
  },
  AuditEvent: async (scope, keys) => byKey(await scope.prisma.auditEvent.findMany({ where: { id: { in: keys.filter((key) => UUID.test(key)) }, accountId: scope.accountId } })),
  DecisionLogEntry: async (scope, keys) => {
    const ids = keys.filter((key) => /^\d{1,18}$/.test(key)).map(BigInt);
    const rows = await scope.prisma.decisionLogEntry.findMany({ where: { id: { in: ids }, accountId: scope.accountId } });
    return new Map(rows.map((row) => [row.id.toString(), row]));
  },
  // keyed by prefix: the id names whichever service the account knows by it (registered, else AWS's)
  Service: async (scope, keys) => {
    const catalog = createServiceCatalog(scope.prisma);
    const found = await Promise.all(keys.map(async (key) => [key, await catalog.describe(scope.accountId, key)] as const));
    return new Map(found.flatMap(([key, service]) => (service && service.prefix === key ? [[key, service] as const] : [])));
  },
};

/** The object `id` names; null when there is none. */
export async function findNode(scope: Scope, id: string): Promise<NodeModel | null> {
  const [node] = await findByRefs(scope, [refOf(id, 'id')]);
  return node ?? null;
}

/** The objects `ids` name, in order, null where there is none; one query per type asked for. */
export function findNodes(scope: Scope, ids: readonly string[]): Promise<(NodeModel | null)[]> {
  if (ids.length > MAX_NODES) throw badInput('ids', `takes at most ${MAX_NODES} ids, got ${ids.length}`);
  return findByRefs(scope, ids.map((id, index) => refOf(id, `ids[${index}]`)));
}

function refOf(id: string, field: string): NodeRef {
  const ref = parseNodeId(id);
  if (!ref) throw badInput(field, `\`${id.slice(0, 64)}\` is not an id this API gave out`);
  return ref;
}

async function findByRefs(scope: Scope, refs: readonly NodeRef[]): Promise<(NodeModel | null)[]> {
  const types = [...new Set(refs.map((ref) => ref.type))];
  const found = new Map(
    await Promise.all(types.map(async (type) => [type, await FINDERS[type](scope, refs.filter((r) => r.type === type).map((r) => r.key))] as const)),
  );
  return refs.map((ref) => found.get(ref.type)?.get(ref.key) ?? null);
}

const TYPE_OF_KIND = { user: 'User', group: 'Group', role: 'Role', policy: 'Policy' } as const;

/** Which GraphQL type a model is: the one place that tells models apart. */
export function nodeTypeOf(model: NodeModel): NodeType {
  if ('builtIn' in model) return 'Service';
  if ('previousHash' in model) return 'AuditEvent';
  if ('decidingStatements' in model) return 'DecisionLogEntry';
  if ('serialNumber' in model) return 'MFADevice';
  if ('secretEncrypted' in model) return 'AccessKeyMetadata';
  if ('version' in model) return 'PolicyVersion';
  if ('document' in model) return 'InlinePolicy';
  const kind = kindOfUniqueId(model.id);
  return kind ? TYPE_OF_KIND[kind] : 'Account';
}
