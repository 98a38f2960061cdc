// Inline policies: named documents embedded in one user, group or role. IAM caps the total
// size of an owner's inline policies, whitespace not counted.
import { GatehouseError, limitExceeded } from '../errors.ts';
import { NAME_LIMITS, checkName } from '../domain/validate-names.ts';
import type { InlinePolicy } from '../generated/prisma/client.ts';
import { findOwnerForUpdate, ownedBy, type Owner, type OwnerKind } from './owners.ts';
import { checkPolicyDocument, countedLength } from './policy-documents.ts';
import type { Scope } from './scope.ts';
import { inTransaction } from './transactions.ts';

export const INLINE_POLICY_QUOTA: Record<OwnerKind, number> = { user: 2048, group: 5120, role: 10240 };

export interface PutInlinePolicyParams {
  ownerName: string;
  policyName: string;
  policyDocument: unknown;
}

/** Adds the named inline policy or replaces its document. */
export function putInlinePolicy(scope: Scope, kind: OwnerKind, params: PutInlinePolicyParams): Promise<{ owner: Owner; inlinePolicy: InlinePolicy }> {
  const name = checkName('policyName', params.policyName, NAME_LIMITS.inlinePolicy);
  const document = checkPolicyDocument('policyDocument', params.policyDocument, 'IDENTITY_POLICY');
  return inTransaction(scope, async (tx) => {
    const owner = await findOwnerForUpdate(tx, scope, kind, params.ownerName);
    const others = await tx.inlinePolicy.findMany({
      where: { ...ownedBy(owner), nameKey: { not: name.toLowerCase() } },
      select: { document: true },
    });
    const total = others.reduce((sum, other) => sum + countedLength(other.document), countedLength(document));
    if (total > INLINE_POLICY_QUOTA[kind]) {
      throw limitExceeded(
        `${kind} \`${owner.row.name}\`'s inline policies would total ${total} characters; at most ${INLINE_POLICY_QUOTA[kind]} are allowed, whitespace not counted`,
      );
    }
    const existing = await tx.inlinePolicy.findFirst({ where: { ...ownedBy(owner), nameKey: name.toLowerCase() } });
    const inlinePolicy = existing
      ? await tx.inlinePolicy.update({ where: { id: existing.id }, data: { name, document, updatedAt: new Date() } })
      : await tx.inlinePolicy.create({ data: { ...ownedBy(owner), name, nameKey: name.toLowerCase(), document } });
    return { owner, inlinePolicy };
  });
}

export function deleteInlinePolicy(scope: Scope, kind: OwnerKind, params: { ownerName: string; policyName: string }): Promise<Owner> {
  return inTransaction(scope, async (tx) => {
    const owner = await findOwnerForUpdate(tx, scope, kind, params.ownerName);
    const { count } = await tx.inlinePolicy.deleteMany({ where: { ...ownedBy(owner), nameKey: params.policyName.toLowerCase() } });
    if (count === 0) {
      throw new GatehouseError('NO_SUCH_ENTITY', `${kind} \`${owner.row.name}\` has no inline policy \`${params.policyName}\``);
    }
    return owner;
  });
}
