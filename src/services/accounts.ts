// Accounts (tenants). The first start of an empty database creates the management account.
import { alreadyExists, badInput } from '../errors.ts';
import { newAccountId } from '../domain/iam-ids.ts';
import type { Account, PrismaClient } from '../generated/prisma/client.ts';
import type { Scope } from './scope.ts';
import { isUniqueViolation } from './transactions.ts';

const ALIAS_FORMAT = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

export async function createAccount({ prisma }: Scope, params: { accountId?: string | null; accountAlias?: string | null }): Promise<Account> {
  if (params.accountId != null && !/^\d{12}$/.test(params.accountId)) throw badInput('accountId', 'must be 12 digits');
  if (params.accountAlias != null && !ALIAS_FORMAT.test(params.accountAlias)) {
    throw badInput('accountAlias', 'must be 3 to 63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen');
  }
  if (params.accountAlias != null && /^\d{12}$/.test(params.accountAlias)) throw badInput('accountAlias', 'must not be 12 digits');
  try {
    return await prisma.account.create({ data: { id: params.accountId ?? newAccountId(), alias: params.accountAlias ?? null } });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyExists('account', params.accountAlias ?? params.accountId ?? 'id');
    throw error;
  }
}

/** The caller's own account (it always exists: a scope is made for an account that does). */
export function getAccount(scope: Scope): Promise<Account> {
  return scope.prisma.account.findUniqueOrThrow({ where: { id: scope.accountId } });
}

/**
 * The account an unauthenticated caller acts in until authentication lands: the oldest
 * account, created on first start when the database has none. An advisory lock makes
 * processes that start together on one database agree on a single account.
 */
export function ensureManagementAccount(prisma: PrismaClient, accountId?: string): Promise<Account> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7411001)`;
    const existing = await tx.account.findFirst({ orderBy: { createdAt: 'asc' } });
    return existing ?? tx.account.create({ data: { id: accountId ?? newAccountId() } });
  });
}
