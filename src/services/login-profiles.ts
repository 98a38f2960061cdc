// Login profiles: an IAM user's console password (AWS CreateLoginProfile, UpdateLoginProfile,
// DeleteLoginProfile, GetLoginProfile). Passwords are checked against the account's password
// policy (or the default) and hashed before the transaction, so no lock is held across argon2.
import type { PasswordHasher } from '../auth/password-hasher.ts';
import { checkPasswordRules } from '../auth/password-rules.ts';
import { NAME_LIMITS, checkName } from '../domain/validate-names.ts';
import { alreadyExists, noSuchEntity } from '../errors.ts';
import type { User } from '../generated/prisma/client.ts';
import { findUser } from './lookups.ts';
import type { LoginProfileModel } from './models.ts';
import { isRecentPassword, lockPasswordHash, replacePassword, reusedPassword } from './password-history.ts';
import { getAccountPasswordPolicy } from './password-policy.ts';
import type { Scope } from './scope.ts';
import { inTransaction, lockRow } from './transactions.ts';

const PROFILE = 'login profile of user';

export interface CreateLoginProfileParams {
  userName: string;
  password: string;
  passwordResetRequired?: boolean | null;
}

export async function createLoginProfile(scope: Scope, hasher: PasswordHasher, params: CreateLoginProfileParams, now: Date): Promise<LoginProfileModel> {
  const user = await findUser(scope.prisma, scope, checkName('userName', params.userName, NAME_LIMITS.user));
  // Checked first as well as by the unique key: a profile that exists costs no argon2.
  if (await scope.prisma.loginProfile.findUnique({ where: { userId: user.id }, select: { userId: true } })) throw alreadyExists(PROFILE, user.name);
  checkPasswordRules('password', params.password, await getAccountPasswordPolicy(scope), [user.name]);
  const passwordHash = await hasher.hash(params.password);
  return inTransaction(
    scope,
    async (tx) => {
      await lockRow(tx, 'User', user.id, () => noSuchEntity('user', params.userName), 'SHARE');
      const profile = await tx.loginProfile.create({
        data: { userId: user.id, passwordHash, passwordResetRequired: params.passwordResetRequired ?? false, passwordChangedAt: now, createdAt: now },
      });
      return { ...profile, userName: user.name };
    },
    () => alreadyExists(PROFILE, user.name),
  );
}

export interface UpdateLoginProfileParams {
  userName: string;
  password?: string | null;
  passwordResetRequired?: boolean | null;
}

/** A new password and/or whether it must be reset; the sessions it opened stay (as in AWS). */
export async function updateLoginProfile(scope: Scope, hasher: PasswordHasher, params: UpdateLoginProfileParams, now: Date): Promise<LoginProfileModel> {
  const user = await findUser(scope.prisma, scope, checkName('userName', params.userName, NAME_LIMITS.user));
  const current = await scope.prisma.loginProfile.findUnique({ where: { userId: user.id } });
  if (!current) throw noSuchEntity(PROFILE, user.name);
  const newHash = params.password == null ? undefined : await checkAndHash(scope, hasher, user, current.passwordHash, params.password);
  return inTransaction(scope, async (tx) => {
    const oldHash = await lockPasswordHash(tx, user.id);
    if (oldHash === null) throw noSuchEntity(PROFILE, user.name);
    const passwordResetRequired = params.passwordResetRequired ?? current.passwordResetRequired;
    if (newHash) await replacePassword(tx, { userId: user.id, oldHash, newHash, passwordResetRequired, now });
    else await tx.loginProfile.update({ where: { userId: user.id }, data: { passwordResetRequired } });
    return { ...(await tx.loginProfile.findUniqueOrThrow({ where: { userId: user.id } })), userName: user.name };
  });
}

/** The policy's rules and reuse prevention (the current password counts as the first of the last N), then the hash. */
async function checkAndHash(scope: Scope, hasher: PasswordHasher, user: User, currentHash: string, password: string): Promise<string> {
  const policy = await getAccountPasswordPolicy(scope);
  checkPasswordRules('password', password, policy, [user.name]);
  const remembered = policy?.passwordReusePrevention ?? 0;
  if (remembered > 0 && ((await hasher.verify(currentHash, password)) || (await isRecentPassword(scope.prisma, hasher, user.id, password, remembered - 1)))) {
    throw reusedPassword('password', remembered);
  }
  return hasher.hash(password);
}

/** Removes the password and, in the same transaction, ends every sign-in session of the user. */
export function deleteLoginProfile(scope: Scope, userName: string): Promise<string> {
  checkName('userName', userName, NAME_LIMITS.user);
  return inTransaction(scope, async (tx) => {
    const user = await findUser(tx, scope, userName);
    const { count } = await tx.loginProfile.deleteMany({ where: { userId: user.id } });
    if (count === 0) throw noSuchEntity(PROFILE, user.name);
    // Deleting session rows bumps the credentials epoch (see the migration): every process refuses
    // their tokens on its next request.
    await tx.session.deleteMany({ where: { accountId: scope.accountId, userId: user.id, roleId: null } });
    return user.name;
  });
}

/** The user's login profile; null when the user or its profile does not exist. */
export async function getLoginProfile(scope: Scope, userName: string): Promise<LoginProfileModel | null> {
  if (userName.length > NAME_LIMITS.user) return null;
  const profile = await scope.prisma.loginProfile.findFirst({
    where: { user: { accountId: scope.accountId, nameKey: userName.toLowerCase() } },
    include: { user: { select: { name: true } } },
  });
  if (!profile) return null;
  const { user, ...row } = profile;
  return { ...row, userName: user.name };
}
