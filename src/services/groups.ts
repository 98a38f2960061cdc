// IAM groups and their members. Groups do not nest; a user is in at most 10 groups.
import { GatehouseError, alreadyExists, deleteConflict, limitExceeded, noSuchEntity } from '../errors.ts';
import { newUniqueId } from '../domain/iam-ids.ts';
import { NAME_LIMITS, nameProblems, pathProblems, requireValid } from '../domain/validate-names.ts';
import type { Group, User } from '../generated/prisma/client.ts';
import { describeBlockers } from './delete-blockers.ts';
import { checkRename } from './rename.ts';
import { findGroup, findUser } from './lookups.ts';
import type { Scope } from './scope.ts';
import { inTransaction, lockRow } from './transactions.ts';

export const MAX_GROUPS_PER_USER = 10;

export function createGroup(scope: Scope, params: { groupName: string; path?: string | null }): Promise<Group> {
  const name = params.groupName;
  const path = params.path ?? '/';
  requireValid([...nameProblems('groupName', name, NAME_LIMITS.group), ...pathProblems('path', path)]);
  return inTransaction(
    scope,
    (tx) => tx.group.create({ data: { id: newUniqueId('group'), accountId: scope.accountId, name, nameKey: name.toLowerCase(), path } }),
    () => alreadyExists('group', name),
  );
}

export interface UpdateGroupParams {
  groupName: string;
  newGroupName?: string | null;
  newPath?: string | null;
}

export function updateGroup(scope: Scope, params: UpdateGroupParams): Promise<Group> {
  const change = checkRename('newGroupName', NAME_LIMITS.group, params.newGroupName, params.newPath);
  return inTransaction(
    scope,
    async (tx) => tx.group.update({ where: { id: (await findGroup(tx, scope, params.groupName)).id }, data: change }),
    () => alreadyExists('group', change.name ?? params.groupName),
  );
}

export function deleteGroup(scope: Scope, groupName: string): Promise<Group> {
  return inTransaction(scope, async (tx) => {
    const group = await findGroup(tx, scope, groupName);
    await lockRow(tx, 'Group', group.id, () => noSuchEntity('group', groupName));
    const [members, attached, inline] = await Promise.all([
      tx.groupMembership.count({ where: { groupId: group.id } }),
      tx.policyAttachment.count({ where: { groupId: group.id } }),
      tx.inlinePolicy.count({ where: { groupId: group.id } }),
    ]);
    const blockers = describeBlockers({ member: members, 'attached policy': attached, 'inline policy': inline });
    if (blockers.length) throw deleteConflict('group', group.name, blockers);
    await tx.group.delete({ where: { id: group.id } });
    return group;
  });
}

export interface MembershipParams {
  groupName: string;
  userName: string;
}

/** Adding a member twice is not an error, as in IAM. */
export function addUserToGroup(scope: Scope, params: MembershipParams): Promise<{ group: Group; user: User }> {
  return inTransaction(scope, async (tx) => {
    const group = await findGroup(tx, scope, params.groupName);
    const user = await findUser(tx, scope, params.userName);
    await lockRow(tx, 'Group', group.id, () => noSuchEntity('group', params.groupName), 'SHARE');
    await lockRow(tx, 'User', user.id, () => noSuchEntity('user', params.userName));
    const memberships = await tx.groupMembership.findMany({ where: { userId: user.id }, select: { groupId: true } });
    if (memberships.some((membership) => membership.groupId === group.id)) return { group, user };
    if (memberships.length >= MAX_GROUPS_PER_USER) {
      throw limitExceeded(`user \`${user.name}\` is already in ${MAX_GROUPS_PER_USER} groups, the most allowed`);
    }
    await tx.groupMembership.create({ data: { userId: user.id, groupId: group.id } });
    return { group, user };
  });
}

export function removeUserFromGroup(scope: Scope, params: MembershipParams): Promise<{ group: Group; user: User }> {
  return inTransaction(scope, async (tx) => {
    const group = await findGroup(tx, scope, params.groupName);
    const user = await findUser(tx, scope, params.userName);
    const { count } = await tx.groupMembership.deleteMany({ where: { userId: user.id, groupId: group.id } });
    if (count === 0) throw new GatehouseError('NO_SUCH_ENTITY', `user \`${user.name}\` is not in group \`${group.name}\``);
    return { group, user };
  });
}
