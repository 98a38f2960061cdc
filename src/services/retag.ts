// Tagging and untagging users, roles and managed policies (TagUser, UntagRole, TagPolicy, ...).
import { noSuchEntity } from '../errors.ts';
import type { TagInput } from '../domain/validate-names.ts';
import type { Policy, Role, User } from '../generated/prisma/client.ts';
import { findPolicyToModify } from './lookups.ts';
import { findOwnerForUpdate } from './owners.ts';
import type { Scope } from './scope.ts';
import { removeTags, writeTags } from './tags.ts';
import { inTransaction, lockRow } from './transactions.ts';

type Tagged = { kind: 'user' | 'role'; name: string } | { kind: 'policy'; arn: string };

/** Adds or removes tags on a user, role or policy, in one transaction; returns the resource. */
export function retag(
  scope: Scope,
  target: Tagged,
  change: { add?: readonly TagInput[]; removeKeys?: readonly string[] },
): Promise<User | Role | Policy> {
  return inTransaction(scope, async (tx) => {
    let row: User | Role | Policy;
    if (target.kind === 'policy') {
      row = await findPolicyToModify(tx, scope, target.arn);
      await lockRow(tx, 'Policy', row.id, () => noSuchEntity('policy', target.arn));
    } else {
      row = (await findOwnerForUpdate(tx, scope, target.kind, target.name)).row as User | Role;
    }
    const owner = target.kind === 'user' ? { userId: row.id } : target.kind === 'role' ? { roleId: row.id } : { policyId: row.id };
    if (change.add) await writeTags(tx, owner, 'tags', change.add);
    if (change.removeKeys) await removeTags(tx, owner, change.removeKeys);
    return row;
  });
}
