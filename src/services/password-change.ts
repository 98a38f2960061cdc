// changePassword: the caller's own password, root's or an IAM user's (AWS ChangePassword). The
// old password is verified like a sign-in: a wrong one counts toward the sign-in lockout, and
// while locked out even the right one is refused alike. The change ends every other sign-in
// session of the caller; the current one stays, out of password-reset mode.
import type { Caller } from '../auth/caller.ts';
import { Lockout, type LockoutKey } from '../auth/lockout.ts';
import type { PasswordHasher } from '../auth/password-hasher.ts';
import { checkPasswordRules, MAX_PASSWORD_LENGTH, type PasswordRules } from '../auth/password-rules.ts';
import { badInput, GatehouseError } from '../errors.ts';
import { isRecentPassword, lockPasswordHash, replacePassword, reusedPassword } from './password-history.ts';
import type { Scope, Tx } from './scope.ts';
import { inTransaction } from './transactions.ts';

export interface ChangePasswordParams {
  oldPassword: string;
  newPassword: string;
}

/** Whose password changes, as found before the change. */
interface Owner {
  lockoutKey: LockoutKey;
  hash: string;
  /** The names the new password must not equal. */
  names: string[];
  /** The rules the new password must follow: the account's policy for an IAM user, the default for root. */
  rules: (PasswordRules & { passwordReusePrevention: number | null }) | null;
  userId: string | null;
}

const wrongOldPassword = () => badInput('oldPassword', 'does not match the current password');
const noPassword = () => new GatehouseError('NO_SUCH_ENTITY', 'the caller has no password to change: only root and IAM users with a login profile have one');

/** Changes the caller's password; how many of its other sessions ended. */
export async function changePassword(scope: Scope, caller: Caller, hasher: PasswordHasher, params: ChangePasswordParams, now: Date): Promise<number> {
  if ([...params.oldPassword].length > MAX_PASSWORD_LENGTH) throw wrongOldPassword();
  const owner = await findOwner(scope, caller);
  const lockout = new Lockout(scope.prisma);
  const locked = await lockout.isLocked(owner.lockoutKey, now);
  const matches = await hasher.verify(owner.hash, params.oldPassword);
  if (!matches || locked) {
    if (!locked) await lockout.recordFailure(owner.lockoutKey, now);
    throw wrongOldPassword();
  }
  await lockout.clear(owner.lockoutKey);
  checkPasswordRules('newPassword', params.newPassword, owner.rules, owner.names);
  if (params.newPassword === params.oldPassword) {
    throw new GatehouseError('PASSWORD_POLICY_VIOLATION', '`newPassword`: the password must differ from the current one', { field: 'newPassword' });
  }
  const remembered = owner.rules?.passwordReusePrevention ?? 0;
  // The current password is the first of the last N, and was just compared as text.
  if (owner.userId && remembered > 1 && (await isRecentPassword(scope.prisma, hasher, owner.userId, params.newPassword, remembered - 1))) {
    throw reusedPassword('newPassword', remembered);
  }
  const newHash = await hasher.hash(params.newPassword);
  return inTransaction(scope, async (tx) => {
    await storeNewHash(tx, caller, owner, newHash, now);
    return endOtherSessions(tx, caller, owner.userId);
  });
}

async function findOwner(scope: Scope, caller: Caller): Promise<Owner> {
  if (caller.type === 'Root') {
    const account = await scope.prisma.account.findUniqueOrThrow({ where: { id: caller.accountId }, select: { rootPasswordHash: true, email: true } });
    if (!account.rootPasswordHash) throw noPassword();
    return { lockoutKey: `root:${caller.accountId}`, hash: account.rootPasswordHash, names: account.email ? [account.email] : [], rules: null, userId: null };
  }
  if (caller.type !== 'User') throw noPassword();
  const user = await scope.prisma.user.findUnique({
    where: { id: caller.userId },
    select: { name: true, loginProfile: true, account: { select: { passwordPolicy: true } } },
  });
  if (!user?.loginProfile) throw noPassword();
  const policy = user.account.passwordPolicy;
  const resetRequired = user.loginProfile.passwordResetRequired || (caller.credential.kind === 'Session' && caller.credential.passwordResetRequired);
  if (policy && !policy.allowUsersToChangePassword && !resetRequired) {
    throw new GatehouseError(
      'PASSWORD_POLICY_VIOLATION',
      "the account's password policy does not let IAM users change their own password: an administrator can set it (updateLoginProfile)",
    );
  }
  return { lockoutKey: `user:${caller.userId}`, hash: user.loginProfile.passwordHash, names: [user.name], rules: policy, userId: caller.userId };
}

/** Replaces the hash that was verified; one changed meanwhile means the old password is no longer current. */
async function storeNewHash(tx: Tx, caller: Caller, owner: Owner, newHash: string, now: Date): Promise<void> {
  if (owner.userId) {
    if ((await lockPasswordHash(tx, owner.userId)) !== owner.hash) throw wrongOldPassword();
    await replacePassword(tx, { userId: owner.userId, oldHash: owner.hash, newHash, passwordResetRequired: false, now });
    return;
  }
  const { count } = await tx.account.updateMany({ where: { id: caller.accountId, rootPasswordHash: owner.hash }, data: { rootPasswordHash: newHash } });
  if (count === 0) throw wrongOldPassword();
}

/** Ends the caller's other sign-in sessions and takes the current one out of password-reset mode. */
async function endOtherSessions(tx: Tx, caller: Caller, userId: string | null): Promise<number> {
  const current = caller.credential.kind === 'Session' ? caller.credential : undefined;
  const { count } = await tx.session.deleteMany({
    where: { accountId: caller.accountId, userId, roleId: null, ...(current ? { accessKeyId: { not: current.sessionId } } : {}) },
  });
  if (current?.passwordResetRequired) {
    await tx.session.updateMany({ where: { accessKeyId: current.sessionId }, data: { passwordResetRequired: false } });
    // Sessions are cached per credentials epoch (auth/credential-cache.ts) and this update bumps
    // it through no trigger: without the bump, every process would keep the session in reset mode.
    await tx.$executeRaw`UPDATE "CredentialsEpoch" SET "value" = "value" + 1 WHERE "id" = 1`;
  }
  return count;
}
