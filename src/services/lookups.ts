// Finding entities by the names clients use, always within the caller's account.
import { badInput, noSuchEntity, unmodifiable } from '../errors.ts';
import { MAX_ARN_LENGTH, parseEntityArn, type EntityArn } from '../domain/arn.ts';
import { AWS_MANAGED_ACCOUNT } from '../domain/builtin-policies.ts';
import type { Group, Policy, Role, User } from '../generated/prisma/client.ts';
import type { Scope, Tx } from './scope.ts';
import { lockRow } from './transactions.ts';

export async function findUser(tx: Tx, scope: Scope, userName: string): Promise<User> {
  const user = await tx.user.findUnique({ where: { accountId_nameKey: { accountId: scope.accountId, nameKey: userName.toLowerCase() } } });
  if (!user) throw noSuchEntity('user', userName);
  return user;
}

export async function findGroup(tx: Tx, scope: Scope, groupName: string): Promise<Group> {
  const group = await tx.group.findUnique({ where: { accountId_nameKey: { accountId: scope.accountId, nameKey: groupName.toLowerCase() } } });
  if (!group) throw noSuchEntity('group', groupName);
  return group;
}

export async function findRole(tx: Tx, scope: Scope, roleName: string): Promise<Role> {
  const role = await tx.role.findUnique({ where: { accountId_nameKey: { accountId: scope.accountId, nameKey: roleName.toLowerCase() } } });
  if (!role) throw noSuchEntity('role', roleName);
  return role;
}

/** A managed policy that a write is about to refer to: locked so it cannot be deleted meanwhile. */
export async function findPolicyToReference(tx: Tx, scope: Scope, policyArn: string): Promise<Policy> {
  const policy = await findPolicyByArn(tx, scope, policyArn);
  await lockRow(tx, 'Policy', policy.id, () => noSuchEntity('policy', policyArn), 'SHARE');
  return policy;
}

/**
 * A managed policy by ARN: the account's own, or a built-in one (`arn:PARTITION:iam::aws:policy/NAME`,
 * the account's copy); another account's ARN is as unknown as a missing one.
 */
export async function findPolicyByArn(tx: Tx, scope: Scope, policyArn: string): Promise<Policy> {
  const arn = parsePolicyArn('policyArn', policyArn);
  const where = policyWhere(scope, arn);
  const policy = where ? await tx.policy.findUnique({ where }) : null;
  if (!policy || policy.path !== arn.path) throw noSuchEntity('policy', policyArn);
  return policy;
}

/** The unique key of the policy an ARN names in the caller's account; undefined for another account's. */
export function policyWhere(scope: Scope, arn: EntityArn) {
  const awsManaged = arn.accountId === AWS_MANAGED_ACCOUNT;
  if (arn.partition !== scope.partition || (!awsManaged && arn.accountId !== scope.accountId)) return undefined;
  return { accountId_nameKey_awsManaged: { accountId: scope.accountId, nameKey: arn.name.toLowerCase(), awsManaged } };
}

/** findPolicyByArn for a write that changes the policy itself: built-in ones are read-only (UNMODIFIABLE_ENTITY). */
export async function findPolicyToModify(tx: Tx, scope: Scope, policyArn: string): Promise<Policy> {
  const policy = await findPolicyByArn(tx, scope, policyArn);
  if (policy.awsManaged) throw unmodifiable('policy', policyArn);
  return policy;
}

/** A managed policy ARN's parts; BAD_USER_INPUT naming `field` when it is not one. */
export function parsePolicyArn(field: string, policyArn: string): EntityArn {
  if (policyArn.length > MAX_ARN_LENGTH) throw badInput(field, `must be at most ${MAX_ARN_LENGTH} characters`);
  const arn = parseEntityArn(policyArn);
  if (arn?.kind !== 'policy') throw badInput(field, `\`${policyArn.length > 120 ? `${policyArn.slice(0, 117)}...` : policyArn}\` is not a managed policy ARN`);
  return arn;
}
