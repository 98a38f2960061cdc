// Customer-managed policies: created with version v1 as default, deleted with all versions.
import { alreadyExists, badInput, deleteConflict, noSuchEntity } from '../errors.ts';
import { newUniqueId } from '../domain/iam-ids.ts';
import { NAME_LIMITS, checkName, checkPath, type TagInput } from '../domain/validate-names.ts';
import type { Policy } from '../generated/prisma/client.ts';
import { describeBlockers } from './delete-blockers.ts';
import { findPolicyByArn } from './lookups.ts';
import { checkManagedPolicySize, checkPolicyDocument } from './policy-documents.ts';
import type { Scope } from './scope.ts';
import { writeTags } from './tags.ts';
import { inTransaction, lockRow } from './transactions.ts';

export interface CreatePolicyParams {
  policyName: string;
  path?: string | null;
  policyDocument: unknown;
  description?: string | null;
  tags?: readonly TagInput[] | null;
}

export function createPolicy(scope: Scope, params: CreatePolicyParams): Promise<Policy> {
  const name = checkName('policyName', params.policyName, NAME_LIMITS.policy);
  const path = checkPath('path', params.path ?? '/');
  if (params.description != null && params.description.length > 1000) {
    throw badInput('description', 'must be at most 1000 characters');
  }
  const document = checkPolicyDocument('policyDocument', params.policyDocument, 'IDENTITY_POLICY');
  checkManagedPolicySize(document);
  return inTransaction(
    scope,
    async (tx) => {
      const policy = await tx.policy.create({
        data: {
          id: newUniqueId('policy'),
          accountId: scope.accountId,
          name,
          nameKey: name.toLowerCase(),
          path,
          description: params.description ?? null,
          defaultVersionNumber: 1,
          nextVersionNumber: 2,
          versions: { create: { versionNumber: 1, document } },
        },
      });
      await writeTags(tx, { policyId: policy.id }, 'tags', params.tags ?? []);
      return policy;
    },
    () => alreadyExists('policy', name),
  );
}

export function deletePolicy(scope: Scope, policyArn: string): Promise<Policy> {
  return inTransaction(scope, async (tx) => {
    const policy = await findPolicyByArn(tx, scope, policyArn);
    await lockRow(tx, 'Policy', policy.id, () => noSuchEntity('policy', policyArn));
    const [attachments, boundaryUsers, boundaryRoles] = await Promise.all([
      tx.policyAttachment.count({ where: { policyId: policy.id } }),
      tx.user.count({ where: { permissionsBoundaryId: policy.id } }),
      tx.role.count({ where: { permissionsBoundaryId: policy.id } }),
    ]);
    const blockers = describeBlockers({ attachment: attachments, 'permissions boundary use': boundaryUsers + boundaryRoles });
    if (blockers.length) throw deleteConflict('policy', policyArn, blockers);
    await tx.policy.delete({ where: { id: policy.id } });
    return policy;
  });
}
