// IAM users: create, rename or move, delete.
import { alreadyExists, deleteConflict, noSuchEntity } from '../errors.ts';
import { newUniqueId } from '../domain/iam-ids.ts';
import { NAME_LIMITS, nameProblems, pathProblems, requireValid, tagProblems, type TagInput } from '../domain/validate-names.ts';
import type { User } from '../generated/prisma/client.ts';
import { resolveBoundary } from './boundaries.ts';
import { findUser } from './lookups.ts';
import type { Scope } from './scope.ts';
import { checkRename } from './rename.ts';
import { writeTags } from './tags.ts';
import { describeBlockers } from './delete-blockers.ts';
import { inTransaction, lockRow } from './transactions.ts';

export interface CreateUserParams {
  userName: string;
  path?: string | null;
  permissionsBoundary?: string | null;
  tags?: readonly TagInput[] | null;
}

export function createUser(scope: Scope, params: CreateUserParams): Promise<User> {
  const name = params.userName;
  const path = params.path ?? '/';
  requireValid([...nameProblems('userName', name, NAME_LIMITS.user), ...pathProblems('path', path), ...tagProblems('tags', params.tags ?? [])]);
  return inTransaction(
    scope,
    async (tx) => {
      const permissionsBoundaryId = await resolveBoundary(tx, scope, 'permissionsBoundary', params.permissionsBoundary);
      const user = await tx.user.create({
        data: { id: newUniqueId('user'), accountId: scope.accountId, name, nameKey: name.toLowerCase(), path, permissionsBoundaryId },
      });
      await writeTags(tx, { userId: user.id }, 'tags', params.tags ?? []);
      return user;
    },
    () => alreadyExists('user', name),
  );
}

export interface UpdateUserParams {
  userName: string;
  newUserName?: string | null;
  newPath?: string | null;
}

export function updateUser(scope: Scope, params: UpdateUserParams): Promise<User> {
  const change = checkRename('newUserName', NAME_LIMITS.user, params.newUserName, params.newPath);
  return inTransaction(
    scope,
    async (tx) => tx.user.update({ where: { id: (await findUser(tx, scope, params.userName)).id }, data: change }),
    () => alreadyExists('user', change.name ?? params.userName),
  );
}

export function deleteUser(scope: Scope, userName: string): Promise<User> {
  return inTransaction(scope, async (tx) => {
    const user = await findUser(tx, scope, userName);
    await lockRow(tx, 'User', user.id, () => noSuchEntity('user', userName));
    const [groups, attached, inline, login, keys, mfa] = await Promise.all([
      tx.groupMembership.count({ where: { userId: user.id } }),
      tx.policyAttachment.count({ where: { userId: user.id } }),
      tx.inlinePolicy.count({ where: { userId: user.id } }),
      tx.loginProfile.count({ where: { userId: user.id } }),
      tx.accessKey.count({ where: { userId: user.id } }),
      tx.mfaDevice.count({ where: { userId: user.id } }),
    ]);
    const blockers = describeBlockers({
      'group membership': groups,
      'attached policy': attached,
      'inline policy': inline,
      'login profile': login,
      'access key': keys,
      'MFA device': mfa,
    });
    if (blockers.length) throw deleteConflict('user', user.name, blockers);
    await tx.user.delete({ where: { id: user.id } });
    return user;
  });
}
