// First start: the management account and its root user. On a database without accounts it
// creates both; the root signs in with GATEHOUSE_ROOT_EMAIL and GATEHOUSE_ROOT_PASSWORD, or a
// generated password that the caller prints once. A database that already has accounts is left
// alone, except one from before sign-in existed (its first account has no root credentials),
// which gets them exactly once. Every start also ensures the built-in managed policies in every
// account (db/builtin-policies.ts). An advisory lock makes processes that start together agree.
import { ensureBuiltinPolicies } from '../db/builtin-policies.ts';
import { newAccountId } from '../domain/iam-ids.ts';
import type { Account, PrismaClient } from '../generated/prisma/client.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { newPassword } from './tokens.ts';

export interface BootstrapOptions {
  accountId?: string;
  rootEmail: string;
  /** When unset, a password is generated and returned. */
  rootPassword?: string;
  /** The ARN partition of the built-in policies' documents (`aws` when unset). */
  partition?: string;
}

export interface Bootstrapped {
  account: Account;
  /** The generated root password, when this call created the root user without a configured one. */
  generatedRootPassword?: string;
}

export async function bootstrap(prisma: PrismaClient, hasher: PasswordHasher, options: BootstrapOptions): Promise<Bootstrapped> {
  const password = options.rootPassword ?? newPassword();
  // Hashed before the transaction, so the lock is not held across argon2; unused when not needed.
  const hash = await hasher.hash(password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7411001)`;
    const existing = await tx.account.findFirst({ orderBy: { createdAt: 'asc' } });
    const root = { email: options.rootEmail, emailKey: options.rootEmail.toLowerCase(), rootPasswordHash: hash };
    const account = existing?.emailKey
      ? existing
      : existing
        ? await tx.account.update({ where: { id: existing.id }, data: { ...root, name: existing.name || 'management' } })
        : await tx.account.create({ data: { id: options.accountId ?? newAccountId(), name: 'management', ...root } });
    // Every start, every account: accounts from before the built-in policies existed get them,
    // and a document changed in code becomes their new default version.
    await ensureBuiltinPolicies(tx, options.partition ?? 'aws');
    if (existing?.emailKey) return { account: existing };
    return { account, ...(options.rootPassword === undefined ? { generatedRootPassword: password } : {}) };
  });
}
