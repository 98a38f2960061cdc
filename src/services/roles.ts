// IAM roles: who may assume them (the trust policy) and for how long.
import { alreadyExists, badInput, deleteConflict, limitExceeded, noSuchEntity } from '../errors.ts';
import { newUniqueId } from '../domain/iam-ids.ts';
import { NAME_LIMITS, checkName, checkPath, type TagInput } from '../domain/validate-names.ts';
import type { Role } from '../generated/prisma/client.ts';
import { resolveBoundary } from './boundaries.ts';
import { describeBlockers } from './delete-blockers.ts';
import { findRole } from './lookups.ts';
import { checkPolicyDocument, countedLength } from './policy-documents.ts';
import type { Scope } from './scope.ts';
import { writeTags } from './tags.ts';
import { inTransaction, lockRow } from './transactions.ts';

export const TRUST_POLICY_MAX_CHARS = 2048;

function checkMaxSessionDuration(value: number): number {
  if (!Number.isInteger(value) || value < 3600 || value > 43200) {
    throw badInput('maxSessionDuration', 'must be from 3600 to 43200 seconds');
  }
  return value;
}

function checkDescription(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (value.length > 1000) throw badInput('description', 'must be at most 1000 characters');
  return value;
}

function checkTrustPolicy(field: string, document: unknown): string {
  const text = checkPolicyDocument(field, document, 'TRUST_POLICY');
  if (countedLength(text) > TRUST_POLICY_MAX_CHARS) {
    throw limitExceeded(`a trust policy may be at most ${TRUST_POLICY_MAX_CHARS} characters, whitespace not counted`);
  }
  return text;
}

export interface CreateRoleParams {
  roleName: string;
  path?: string | null;
  assumeRolePolicyDocument: unknown;
  description?: string | null;
  maxSessionDuration?: number | null;
  permissionsBoundary?: string | null;
  tags?: readonly TagInput[] | null;
}

export function createRole(scope: Scope, params: CreateRoleParams): Promise<Role> {
  const name = checkName('roleName', params.roleName, NAME_LIMITS.role);
  const path = checkPath('path', params.path ?? '/');
  const assumeRolePolicyDocument = checkTrustPolicy('assumeRolePolicyDocument', params.assumeRolePolicyDocument);
  const maxSessionDuration = checkMaxSessionDuration(params.maxSessionDuration ?? 3600);
  const description = checkDescription(params.description);
  return inTransaction(
    scope,
    async (tx) => {
      const permissionsBoundaryId = await resolveBoundary(tx, scope, 'permissionsBoundary', params.permissionsBoundary);
      const role = await tx.role.create({
        data: {
          id: newUniqueId('role'),
          accountId: scope.accountId,
          name,
          nameKey: name.toLowerCase(),
          path,
          assumeRolePolicyDocument,
          maxSessionDuration,
          description,
          permissionsBoundaryId,
        },
      });
      await writeTags(tx, { roleId: role.id }, 'tags', params.tags ?? []);
      return role;
    },
    () => alreadyExists('role', name),
  );
}

export interface UpdateRoleParams {
  roleName: string;
  description?: string | null;
  maxSessionDuration?: number | null;
}

export function updateRole(scope: Scope, params: UpdateRoleParams): Promise<Role> {
  const maxSessionDuration = params.maxSessionDuration == null ? undefined : checkMaxSessionDuration(params.maxSessionDuration);
  const description = params.description === undefined ? undefined : checkDescription(params.description);
  return inTransaction(scope, async (tx) => {
    const role = await findRole(tx, scope, params.roleName);
    return tx.role.update({
      where: { id: role.id },
      data: { ...(maxSessionDuration ? { maxSessionDuration } : {}), ...(description !== undefined ? { description } : {}) },
    });
  });
}

export function updateAssumeRolePolicy(scope: Scope, params: { roleName: string; policyDocument: unknown }): Promise<Role> {
  const assumeRolePolicyDocument = checkTrustPolicy('policyDocument', params.policyDocument);
  return inTransaction(scope, async (tx) => {
    const role = await findRole(tx, scope, params.roleName);
    return tx.role.update({ where: { id: role.id }, data: { assumeRolePolicyDocument } });
  });
}

export function deleteRole(scope: Scope, roleName: string): Promise<Role> {
  return inTransaction(scope, async (tx) => {
    const role = await findRole(tx, scope, roleName);
    await lockRow(tx, 'Role', role.id, () => noSuchEntity('role', roleName));
    const [attached, inline] = await Promise.all([
      tx.policyAttachment.count({ where: { roleId: role.id } }),
      tx.inlinePolicy.count({ where: { roleId: role.id } }),
    ]);
    const blockers = describeBlockers({ 'attached policy': attached, 'inline policy': inline });
    if (blockers.length) throw deleteConflict('role', role.name, blockers);
    await tx.role.delete({ where: { id: role.id } });
    return role;
  });
}
