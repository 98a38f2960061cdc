// Permissions boundaries: one managed policy that caps what a user's or role's policies grant.
import type { Group, Role, User } from '../generated/prisma/client.ts';
import { findPolicyToReference, parsePolicyArn } from './lookups.ts';
import { findOwnerForUpdate } from './owners.ts';
import type { Scope, Tx } from './scope.ts';
import { inTransaction } from './transactions.ts';

/** The id of the managed policy named by `arn`, for use as a boundary; null for no ARN. */
export async function resolveBoundary(tx: Tx, scope: Scope, field: string, arn: string): Promise<string>;
export async function resolveBoundary(tx: Tx, scope: Scope, field: string, arn: string | null | undefined): Promise<string | null>;
export async function resolveBoundary(tx: Tx, scope: Scope, field: string, arn: string | null | undefined): Promise<string | null> {
  if (arn == null) return null;
  parsePolicyArn(field, arn);
  return (await findPolicyToReference(tx, scope, arn)).id;
}

export function putPermissionsBoundary(scope: Scope, kind: 'user' | 'role', name: string, boundaryArn: string): Promise<User | Role> {
  return inTransaction(scope, async (tx) => {
    const owner = await findOwnerForUpdate(tx, scope, kind, name);
    const permissionsBoundaryId = await resolveBoundary(tx, scope, 'permissionsBoundary', boundaryArn);
    return setBoundary(tx, owner.kind, owner.row, permissionsBoundaryId);
  });
}

export function deletePermissionsBoundary(scope: Scope, kind: 'user' | 'role', name: string): Promise<User | Role> {
  return inTransaction(scope, async (tx) => {
    const owner = await findOwnerForUpdate(tx, scope, kind, name);
    return setBoundary(tx, owner.kind, owner.row, null);
  });
}

function setBoundary(tx: Tx, kind: string, row: User | Group | Role, permissionsBoundaryId: string | null): Promise<User | Role> {
  const args = { where: { id: row.id }, data: { permissionsBoundaryId } };
  return kind === 'user' ? tx.user.update(args) : tx.role.update(args);
}
