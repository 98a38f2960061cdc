// What a mutation changed, for its audit record: the users, groups, roles and customer managed
// policies its arguments name, read inside the mutation's own transaction before its work and
// again after it. Only what IAM shows of an entity (its names, path, tags, attached and inline
// policies, memberships, boundary): no password hash, key secret or seed is ever read here.
import { formatArn, parseEntityArn } from '../../domain/arn.ts';
import type { Tx } from '../scope.ts';

/** Entity ARN → its state, or null where it does not exist. */
export type EntityStates = Record<string, unknown>;

const POLICY = { select: { accountId: true, path: true, name: true } } as const;
const ATTACHED = { select: { policy: POLICY } } as const;
const INLINE = { select: { name: true, document: true } } as const;
const TAGS = { select: { key: true, value: true } } as const;

type PolicyRef = { accountId: string; path: string; name: string };
type Inline = { name: string; document: string };

export async function entityStates(tx: Tx, partition: string, accountId: string, arns: readonly string[]): Promise<EntityStates> {
  const states: EntityStates = {};
  for (const arn of arns) {
    const parsed = parseEntityArn(arn);
    if (!parsed || parsed.accountId !== accountId) continue;
    states[arn] = await stateOf(tx, partition, accountId, parsed.kind, parsed.path, parsed.name);
  }
  return states;
}

async function stateOf(tx: Tx, partition: string, accountId: string, kind: string, path: string, name: string): Promise<unknown> {
  const policyArn = (policy: PolicyRef) => formatArn(partition, policy.accountId, 'policy', policy.path, policy.name);
  const attached = (rows: Array<{ policy: PolicyRef }>) => rows.map((row) => policyArn(row.policy)).sort();
  const inline = (rows: Inline[]) => Object.fromEntries(rows.map((row) => [row.name, row.document]));
  const tags = (rows: Array<{ key: string; value: string }>) => Object.fromEntries(rows.map((tag) => [tag.key, tag.value]));
  const where = { accountId, nameKey: name.toLowerCase() };
  if (kind === 'user') {
    const user = await tx.user.findFirst({
      where,
      include: { tags: TAGS, attachments: ATTACHED, inlinePolicies: INLINE, memberships: { select: { group: { select: { name: true } } } }, permissionsBoundary: POLICY },
    });
    return user && {
      userName: user.name, userId: user.id, path: user.path, tags: tags(user.tags),
      groups: user.memberships.map((m) => m.group.name).sort(), attachedPolicies: attached(user.attachments), inlinePolicies: inline(user.inlinePolicies),
      permissionsBoundary: user.permissionsBoundary ? policyArn(user.permissionsBoundary) : null,
    };
  }
  if (kind === 'group') {
    const group = await tx.group.findFirst({ where, include: { attachments: ATTACHED, inlinePolicies: INLINE } });
    return group && { groupName: group.name, groupId: group.id, path: group.path, attachedPolicies: attached(group.attachments), inlinePolicies: inline(group.inlinePolicies) };
  }
  if (kind === 'role') {
    const role = await tx.role.findFirst({ where, include: { tags: TAGS, attachments: ATTACHED, inlinePolicies: INLINE, permissionsBoundary: POLICY } });
    return role && {
      roleName: role.name, roleId: role.id, path: role.path, description: role.description, maxSessionDuration: role.maxSessionDuration,
      assumeRolePolicyDocument: role.assumeRolePolicyDocument, tags: tags(role.tags), attachedPolicies: attached(role.attachments),
      inlinePolicies: inline(role.inlinePolicies), permissionsBoundary: role.permissionsBoundary ? policyArn(role.permissionsBoundary) : null,
    };
  }
  const policy = await tx.policy.findFirst({
    where: { ...where, path },
    include: { tags: TAGS, versions: { select: { versionNumber: true }, orderBy: { versionNumber: 'asc' } }, _count: { select: { attachments: true } } },
  });
  return policy && {
    policyName: policy.name, policyId: policy.id, path: policy.path, description: policy.description, defaultVersionId: `v${policy.defaultVersionNumber}`,
    versions: policy.versions.map((v) => `v${v.versionNumber}`), tags: tags(policy.tags), attachmentCount: policy._count.attachments,
  };
}
