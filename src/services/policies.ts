// Customer-managed policies: created with version v1 as default, deleted with all versions.
import { alreadyExists, deleteConflict, noSuchEntity } from '../errors.ts';
import { newUniqueId } from '../domain/iam-ids.ts';
import { NAME_LIMITS, descriptionProblems, nameProblems, pathProblems, requireValid, tagProblems, type TagInput } from '../domain/validate-names.ts';
import type { Policy } from '../generated/prisma/client.ts';
import { describeBlockers } from './delete-blockers.ts';
import { findPolicyToModify } from './lookups.ts';
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
  const name = params.policyName;
  const path = params.path ?? '/';
  requireValid([
    ...nameProblems('policyName', name, NAME_LIMITS.policy),
    ...pathProblems('path', path),
    ...descriptionProblems('description', params.description),
    ...tagProblems('tags', params.tags ?? []),
  ]);
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
    const policy = await findPolicyToModify(tx, scope, policyArn);
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
