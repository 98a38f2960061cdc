// Accounts (tenants), each with a root user that signs in with its email and password. The
// first start of an empty database creates the management account (auth/bootstrap.ts).
import { checkPasswordRules } from '../auth/password-rules.ts';
import { newPassword } from '../auth/tokens.ts';
import { ensureBuiltinPolicies } from '../db/builtin-policies.ts';
import { alreadyExists, badInput } from '../errors.ts';
import { newAccountId } from '../domain/iam-ids.ts';
import type { Account } from '../generated/prisma/client.ts';
import type { Scope } from './scope.ts';
import { isUniqueViolation } from './transactions.ts';

const ALIAS_FORMAT = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
// AWS Organizations' email rule, in short: something@something, at most 64 characters, no spaces.
const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+$/;

export interface CreateAccountParams {
  accountName: string;
  email: string;
  accountId?: string | null;
  accountAlias?: string | null;
}

/** Checks the account's own fields; the root password is checked (and hashed) by the caller. */
export function checkAccountParams(params: CreateAccountParams): void {
  if (params.accountName.length < 1 || params.accountName.length > 50 || /[\u0000-\u001f]/.test(params.accountName)) {
    throw badInput('accountName', 'must be 1 to 50 characters, without control characters');
  }
  if (params.email.length > 64 || !EMAIL_FORMAT.test(params.email)) throw badInput('email', 'must be an email address of at most 64 characters');
  if (params.accountId != null && !/^\d{12}$/.test(params.accountId)) throw badInput('accountId', 'must be 12 digits');
  if (params.accountAlias != null && !ALIAS_FORMAT.test(params.accountAlias)) {
    throw badInput('accountAlias', 'must be 3 to 63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen');
  }
  if (params.accountAlias != null && /^\d{12}$/.test(params.accountAlias)) throw badInput('accountAlias', 'must not be 12 digits');
}

export async function createAccount({ prisma, partition }: Scope, params: CreateAccountParams, rootPasswordHash: string): Promise<Account> {
  checkAccountParams(params);
  try {
    // The account comes with its built-in managed policies, or not at all.
    return await prisma.$transaction(async (tx) => {
      const account = await tx.account.create({
        data: {
          id: params.accountId ?? newAccountId(),
          alias: params.accountAlias ?? null,
          name: params.accountName,
          email: params.email,
          emailKey: params.email.toLowerCase(),
          rootPasswordHash,
        },
      });
      await ensureBuiltinPolicies(tx, partition, account.id);
      return account;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const taken = await prisma.account.findFirst({ where: { emailKey: params.email.toLowerCase() }, select: { id: true } });
    throw alreadyExists('account', taken ? params.email : (params.accountAlias ?? params.accountId ?? 'id'));
  }
}

/** The caller's own account (it always exists: a scope is made for an account that does). */
export function getAccount(scope: Scope): Promise<Account> {
  return scope.prisma.account.findUniqueOrThrow({ where: { id: scope.accountId } });
}

/**
 * createAccount with its root user: the password given (checked against the default rules), or
 * a generated one, returned once.
 */
export async function createAccountWithRoot(
  scope: Scope,
  params: CreateAccountParams & { rootPassword?: string | null },
  hasher: { hash(password: string): Promise<string> },
): Promise<{ account: Account; rootPassword: string | null }> {
  checkAccountParams(params);
  const generated = params.rootPassword == null ? newPassword() : null;
  const password = params.rootPassword ?? generated!;
  checkPasswordRules('rootPassword', password, null, [params.email]);
  const account = await createAccount(scope, params, await hasher.hash(password));
  return { account, rootPassword: generated };
}
