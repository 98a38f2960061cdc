// Versions of a managed policy: v1, v2, ... (numbers only go up), at most 5 kept, one default.
import { GatehouseError, badInput, limitExceeded, noSuchEntity } from '../errors.ts';
import type { Policy, PolicyVersion } from '../generated/prisma/client.ts';
import { findPolicyToModify } from './lookups.ts';
import { checkManagedPolicySize, checkPolicyDocument } from './policy-documents.ts';
import type { Scope, Tx } from './scope.ts';
import { inTransaction, lockRow } from './transactions.ts';

export const MAX_POLICY_VERSIONS = 5;

function parseVersionId(versionId: string): number {
  const match = /^v([1-9]\d{0,8})$/.exec(versionId);
  if (!match) throw badInput('versionId', `\`${versionId}\` is not a version id like \`v2\``);
  return Number(match[1]);
}

async function findVersion(tx: Tx, policy: Policy, versionId: string): Promise<PolicyVersion> {
  const versionNumber = parseVersionId(versionId);
  const version = await tx.policyVersion.findUnique({ where: { policyId_versionNumber: { policyId: policy.id, versionNumber } } });
  if (!version) throw new GatehouseError('NO_SUCH_ENTITY', `policy \`${policy.name}\` has no version \`${versionId}\``);
  return version;
}

export interface CreatePolicyVersionParams {
  policyArn: string;
  policyDocument: unknown;
  setAsDefault?: boolean | null;
}

export function createPolicyVersion(scope: Scope, params: CreatePolicyVersionParams): Promise<{ policy: Policy; version: PolicyVersion }> {
  const document = checkPolicyDocument('policyDocument', params.policyDocument, 'IDENTITY_POLICY');
  checkManagedPolicySize(document);
  return inTransaction(scope, async (tx) => {
    const found = await findPolicyToModify(tx, scope, params.policyArn);
    await lockRow(tx, 'Policy', found.id, () => noSuchEntity('policy', params.policyArn));
    const kept = await tx.policyVersion.count({ where: { policyId: found.id } });
    if (kept >= MAX_POLICY_VERSIONS) {
      throw limitExceeded(`policy \`${found.name}\` already has ${MAX_POLICY_VERSIONS} versions: delete one first`);
    }
    const policy = await tx.policy.findUniqueOrThrow({ where: { id: found.id } });
    const versionNumber = policy.nextVersionNumber;
    const version = await tx.policyVersion.create({ data: { policyId: policy.id, versionNumber, document } });
    const updated = await tx.policy.update({
      where: { id: policy.id },
      data: {
        nextVersionNumber: versionNumber + 1,
        updatedAt: new Date(),
        ...(params.setAsDefault ? { defaultVersionNumber: versionNumber } : {}),
      },
    });
    return { policy: updated, version };
  });
}

export function setDefaultPolicyVersion(scope: Scope, params: { policyArn: string; versionId: string }): Promise<Policy> {
  return inTransaction(scope, async (tx) => {
    const policy = await findPolicyToModify(tx, scope, params.policyArn);
    await lockRow(tx, 'Policy', policy.id, () => noSuchEntity('policy', params.policyArn));
    const version = await findVersion(tx, policy, params.versionId);
    return tx.policy.update({ where: { id: policy.id }, data: { defaultVersionNumber: version.versionNumber, updatedAt: new Date() } });
  });
}

export function deletePolicyVersion(scope: Scope, params: { policyArn: string; versionId: string }): Promise<Policy> {
  return inTransaction(scope, async (tx) => {
    const found = await findPolicyToModify(tx, scope, params.policyArn);
    await lockRow(tx, 'Policy', found.id, () => noSuchEntity('policy', params.policyArn));
    const policy = await tx.policy.findUniqueOrThrow({ where: { id: found.id } });
    const version = await findVersion(tx, policy, params.versionId);
    if (version.versionNumber === policy.defaultVersionNumber) {
      throw new GatehouseError('DELETE_CONFLICT', `cannot delete \`${params.versionId}\`: it is the default version of policy \`${policy.name}\``);
    }
    await tx.policyVersion.delete({ where: { id: version.id } });
    return tx.policy.update({ where: { id: policy.id }, data: { updatedAt: new Date() } });
  });
}
