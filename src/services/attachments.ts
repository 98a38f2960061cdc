// Managed policies attached to users, groups and roles: at most 10 per owner.
import { GatehouseError, limitExceeded } from '../errors.ts';
import type { Policy } from '../generated/prisma/client.ts';
import { findPolicyByArn, findPolicyToReference } from './lookups.ts';
import { findOwnerForUpdate, ownedBy, type Owner, type OwnerKind } from './owners.ts';
import type { Scope } from './scope.ts';
import { inTransaction } from './transactions.ts';

export const MAX_ATTACHED_POLICIES = 10;

export interface AttachmentParams {
  ownerName: string;
  policyArn: string;
}

/** Attaching an attached policy again is not an error, as in IAM. */
export function attachPolicy(scope: Scope, kind: OwnerKind, params: AttachmentParams): Promise<{ owner: Owner; policy: Policy }> {
  return inTransaction(scope, async (tx) => {
    const owner = await findOwnerForUpdate(tx, scope, kind, params.ownerName);
    const policy = await findPolicyToReference(tx, scope, params.policyArn);
    const attached = await tx.policyAttachment.findMany({ where: ownedBy(owner), select: { policyId: true } });
    if (attached.some((attachment) => attachment.policyId === policy.id)) return { owner, policy };
    if (attached.length >= MAX_ATTACHED_POLICIES) {
      throw limitExceeded(`${kind} \`${owner.row.name}\` already has ${MAX_ATTACHED_POLICIES} attached policies, the most allowed`);
    }
    await tx.policyAttachment.create({ data: { ...ownedBy(owner), policyId: policy.id } });
    return { owner, policy };
  });
}

export function detachPolicy(scope: Scope, kind: OwnerKind, params: AttachmentParams): Promise<{ owner: Owner; policy: Policy }> {
  return inTransaction(scope, async (tx) => {
    const owner = await findOwnerForUpdate(tx, scope, kind, params.ownerName);
    const policy = await findPolicyByArn(tx, scope, params.policyArn);
    const { count } = await tx.policyAttachment.deleteMany({ where: { ...ownedBy(owner), policyId: policy.id } });
    if (count === 0) {
      throw new GatehouseError('NO_SUCH_ENTITY', `policy \`${params.policyArn}\` is not attached to ${kind} \`${owner.row.name}\``);
    }
    return { owner, policy };
  });
}
