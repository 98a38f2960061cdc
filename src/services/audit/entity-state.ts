// What a mutation changed, for its audit record: the users, groups, roles and customer managed
// policies its arguments name, read inside the mutation's own transaction before its work and
// again after it. Only what IAM shows of an entity (its names, path, tags, attached and inline
// policies, memberships, boundary): no password hash, key secret or seed is ever read here.
import { parseEntityArn, policyArn } from '../../domain/arn.ts';
import { AWS_MANAGED_ACCOUNT } from '../../domain/builtin-policies.ts';
import type { Tx } from '../scope.ts';

/** Entity ARN → its state, or null where it does not exist. */
export type EntityStates = Record<string, unknown>;

const POLICY = { select: { accountId: true, awsManaged: true, path: true, name: true } } as const;

type PolicyRef = { accountId: string; awsManaged: boolean; path: string; name: string };
type Principal = { userId: string } | { groupId: string } | { roleId: string };
type Taggable = { userId: string } | { roleId: string } | { policyId: string };

export async function entityStates(tx: Tx, partition: string, accountId: string, arns: readonly string[]): Promise<EntityStates> {
  const states: EntityStates = {};
  for (const arn of arns) {
    const parsed = parseEntityArn(arn);
    // a built-in policy (`arn:aws:iam::aws:policy/...`) is the account's own copy
    const builtIn = parsed?.accountId === AWS_MANAGED_ACCOUNT;
    if (!parsed || (parsed.accountId !== accountId && !builtIn)) continue;
    states[arn] = await stateOf(tx, partition, accountId, parsed.kind, parsed.path, parsed.name, builtIn);
  }
  return states;
}

// One statement at a time: Prisma would send an `include`'s queries side by side, which a
// transaction's single connection can only queue (and pg is to refuse).
async function stateOf(tx: Tx, partition: string, accountId: string, kind: string, path: string, name: string, builtIn: boolean): Promise<unknown> {
  const arnOf = (policy: PolicyRef) => policyArn(partition, policy);
  const boundary = async (id: string | null) => {
    const policy = id ? await tx.policy.findUnique({ where: { id }, ...POLICY }) : null;
    return policy ? arnOf(policy) : null;
  };
  const tags = async (owner: Taggable) =>
    Object.fromEntries((await tx.tag.findMany({ where: owner, select: { key: true, value: true }, orderBy: { keyLower: 'asc' } })).map((tag) => [tag.key, tag.value]));
  const attached = async (owner: Principal) =>
    (await tx.policyAttachment.findMany({ where: owner, select: { policy: POLICY } })).map((row) => arnOf(row.policy)).sort();
  const inline = async (owner: Principal) =>
    Object.fromEntries((await tx.inlinePolicy.findMany({ where: owner, select: { name: true, document: true }, orderBy: { nameKey: 'asc' } })).map((row) => [row.name, row.document]));
  const where = { accountId, nameKey: name.toLowerCase() };
  if (kind === 'user') {
    const user = await tx.user.findFirst({ where });
    if (!user) return null;
    const owner = { userId: user.id };
    const memberships = await tx.groupMembership.findMany({ where: owner, select: { group: { select: { name: true } } } });
    return {
      userName: user.name, userId: user.id, path: user.path, tags: await tags(owner), groups: memberships.map((m) => m.group.name).sort(),
      attachedPolicies: await attached(owner), inlinePolicies: await inline(owner), permissionsBoundary: await boundary(user.permissionsBoundaryId),
    };
  }
  if (kind === 'group') {
    const group = await tx.group.findFirst({ where });
    if (!group) return null;
    const owner = { groupId: group.id };
    return { groupName: group.name, groupId: group.id, path: group.path, attachedPolicies: await attached(owner), inlinePolicies: await inline(owner) };
  }
  if (kind === 'role') {
    const role = await tx.role.findFirst({ where });
    if (!role) return null;
    const owner = { roleId: role.id };
    return {
      roleName: role.name, roleId: role.id, path: role.path, description: role.description, maxSessionDuration: role.maxSessionDuration,
      assumeRolePolicyDocument: role.assumeRolePolicyDocument, tags: await tags(owner), attachedPolicies: await attached(owner),
      inlinePolicies: await inline(owner), permissionsBoundary: await boundary(role.permissionsBoundaryId),
    };
  }
  const policy = await tx.policy.findFirst({ where: { ...where, path, awsManaged: builtIn } });
  if (!policy) return null;
  const owner = { policyId: policy.id };
  const versions = await tx.policyVersion.findMany({ where: owner, select: { versionNumber: true }, orderBy: { versionNumber: 'asc' } });
  return {
    policyName: policy.name, policyId: policy.id, path: policy.path, description: policy.description, defaultVersionId: `v${policy.defaultVersionNumber}`,
    versions: versions.map((v) => `v${v.versionNumber}`), tags: await tags(owner), attachmentCount: await tx.policyAttachment.count({ where: owner }),
  };
}
