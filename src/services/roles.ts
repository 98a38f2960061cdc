// IAM roles: who may assume them (the trust policy) and for how long.
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity } from '../errors.ts';
import { newUniqueId } from '../domain/iam-ids.ts';
import { NAME_LIMITS, descriptionProblems, nameProblems, pathProblems, requireValid, tagProblems, type InputProblem, type TagInput } from '../domain/validate-names.ts';
import type { Role } from '../generated/prisma/client.ts';
import { resolveBoundary } from './boundaries.ts';
import { describeBlockers } from './delete-blockers.ts';
import { findRole } from './lookups.ts';
import { checkPolicyDocument, countedLength } from './policy-documents.ts';
import type { Scope } from './scope.ts';
import { writeTags } from './tags.ts';
import { inTransaction, lockRow } from './transactions.ts';

export const TRUST_POLICY_MAX_CHARS = 2048;

function maxSessionDurationProblems(value: number | null | undefined): InputProblem[] {
  if (value == null || (Number.isInteger(value) && value >= 3600 && value <= 43200)) return [];
  return [{ field: 'maxSessionDuration', message: `must be from 3600 to 43200 seconds, got ${value}` }];
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
  const name = params.roleName;
  const path = params.path ?? '/';
  requireValid([
    ...nameProblems('roleName', name, NAME_LIMITS.role),
    ...pathProblems('path', path),
    ...maxSessionDurationProblems(params.maxSessionDuration),
    ...descriptionProblems('description', params.description),
    ...tagProblems('tags', params.tags ?? []),
  ]);
  const assumeRolePolicyDocument = checkTrustPolicy('assumeRolePolicyDocument', params.assumeRolePolicyDocument);
  const maxSessionDuration = params.maxSessionDuration ?? 3600;
  const description = params.description ?? null;
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
  requireValid([...maxSessionDurationProblems(params.maxSessionDuration), ...descriptionProblems('description', params.description)]);
  const { maxSessionDuration, description } = params;
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
