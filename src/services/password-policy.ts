// The account's password policy (AWS UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
// DeleteAccountPasswordPolicy). It applies to IAM users; root's password follows the default
// rules (auth/password-rules.ts). An update replaces the whole policy: omitted fields take AWS's
// defaults, except that the minimum length is never below ASVS's 8.
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password-rules.ts';
import { requireValid, type InputProblem } from '../domain/validate-names.ts';
import type { PasswordPolicyModel } from './models.ts';
import type { Scope } from './scope.ts';
import { inTransaction } from './transactions.ts';

export interface PasswordPolicyParams {
  minimumPasswordLength?: number | null;
  requireSymbols?: boolean | null;
  requireNumbers?: boolean | null;
  requireUppercaseCharacters?: boolean | null;
  requireLowercaseCharacters?: boolean | null;
  allowUsersToChangePassword?: boolean | null;
  maxPasswordAge?: number | null;
  passwordReusePrevention?: number | null;
  hardExpiry?: boolean | null;
}

const RANGES = {
  minimumPasswordLength: [MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH],
  maxPasswordAge: [1, 1095],
  passwordReusePrevention: [1, 24],
} as const;

function rangeProblems(params: PasswordPolicyParams): InputProblem[] {
  return Object.entries(RANGES).flatMap(([field, [min, max]]) => {
    const value = params[field as keyof typeof RANGES];
    return value == null || (value >= min && value <= max) ? [] : [{ field, message: `must be ${min} to ${max}, got ${value}` }];
  });
}

export async function updateAccountPasswordPolicy(scope: Scope, params: PasswordPolicyParams): Promise<PasswordPolicyModel> {
  requireValid(rangeProblems(params));
  const policy = {
    minimumPasswordLength: params.minimumPasswordLength ?? MIN_PASSWORD_LENGTH,
    requireSymbols: params.requireSymbols ?? false,
    requireNumbers: params.requireNumbers ?? false,
    requireUppercaseCharacters: params.requireUppercaseCharacters ?? false,
    requireLowercaseCharacters: params.requireLowercaseCharacters ?? false,
    // AWS's API default: without it, IAM users cannot change their own password.
    allowUsersToChangePassword: params.allowUsersToChangePassword ?? false,
    maxPasswordAge: params.maxPasswordAge ?? null,
    passwordReusePrevention: params.passwordReusePrevention ?? null,
    hardExpiry: params.hardExpiry ?? false,
  };
  return inTransaction(scope, (tx) =>
    tx.accountPasswordPolicy.upsert({
      where: { accountId: scope.accountId },
      create: { accountId: scope.accountId, ...policy },
      update: policy,
    }),
  );
}

/** The policy; null when none is set (the default rules apply). */
export function getAccountPasswordPolicy(scope: Scope): Promise<PasswordPolicyModel | null> {
  return scope.prisma.accountPasswordPolicy.findUnique({ where: { accountId: scope.accountId } });
}

/** Whether there was a policy to delete. */
export async function deleteAccountPasswordPolicy(scope: Scope): Promise<boolean> {
  const { count } = await inTransaction(scope, (tx) => tx.accountPasswordPolicy.deleteMany({ where: { accountId: scope.accountId } }));
  return count > 0;
}
