// Users, groups and roles own attached and inline policies (and users and roles, boundaries
// and tags). This is the one place that knows how each kind is found, locked and labelled,
// so the use-cases for attachments, inline policies, boundaries and tags are written once.
import type { Group, Role, User } from '../generated/prisma/client.ts';
import { findGroup, findRole, findUser } from './lookups.ts';
import type { Scope, Tx } from './scope.ts';
import { lockRow } from './transactions.ts';
import { noSuchEntity } from '../errors.ts';

export type OwnerKind = 'user' | 'group' | 'role';
export type Owner = { kind: 'user'; row: User } | { kind: 'group'; row: Group } | { kind: 'role'; row: Role };

export const OWNER_TABLE = { user: 'User', group: 'Group', role: 'Role' } as const;
/** The column that points at the owner in PolicyAttachment, InlinePolicy and Tag. */
export const OWNER_COLUMN = { user: 'userId', group: 'groupId', role: 'roleId' } as const;

/** Finds the owner by name and locks its row: its quotas are checked next. */
export async function findOwnerForUpdate(tx: Tx, scope: Scope, kind: OwnerKind, name: string): Promise<Owner> {
  const owner = await findOwner(tx, scope, kind, name);
  await lockRow(tx, OWNER_TABLE[kind], owner.row.id, () => noSuchEntity(kind, name));
  return owner;
}

export async function findOwner(tx: Tx, scope: Scope, kind: OwnerKind, name: string): Promise<Owner> {
  switch (kind) {
    case 'user':
      return { kind, row: await findUser(tx, scope, name) };
    case 'group':
      return { kind, row: await findGroup(tx, scope, name) };
    case 'role':
      return { kind, row: await findRole(tx, scope, name) };
  }
}

/** `{ userId: "AIDA..." }`: a where-clause fragment selecting rows that belong to the owner. */
export function ownedBy(owner: Owner): { userId: string } | { groupId: string } | { roleId: string } {
  return { [OWNER_COLUMN[owner.kind]]: owner.row.id } as { userId: string };
}
