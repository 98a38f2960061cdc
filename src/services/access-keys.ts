// Access keys (AWS CreateAccessKey, UpdateAccessKey, DeleteAccessKey, ListAccessKeys,
// GetAccessKeyLastUsed): at most 2 per IAM user, the secret shown once and stored sealed under
// the master key (the server must recompute signatures, so a hash would not do). A key of
// another user or account is as unknown as one that does not exist.
import { randomBytes } from 'node:crypto';
import type { Caller } from '../auth/caller.ts';
import type { KeyUsage } from '../auth/key-usage.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { newKeyId } from '../auth/tokens.ts';
import { checkName, NAME_LIMITS } from '../domain/validate-names.ts';
import { badInput, limitExceeded, noSuchEntity } from '../errors.ts';
import type { AccessKey, User } from '../generated/prisma/client.ts';
import type { Loaders } from './loaders.ts';
import type { AccessKeyModel } from './models.ts';
import type { Scope, Tx } from './scope.ts';
import { inTransaction, lockRow } from './transactions.ts';

/** AWS's quota of access keys per user. */
export const MAX_ACCESS_KEYS_PER_USER = 2;
const KEY_ID = /^\w{16,128}$/;

export type AccessKeyStatus = 'Active' | 'Inactive';

/** Who manages keys: the caller, in its account. */
export interface KeyManager {
  readonly scope: Scope;
  readonly caller: Caller;
}

/** A new key with its secret: the one time the secret leaves the server. */
export interface NewAccessKey {
  userName: string;
  accessKeyId: string;
  status: AccessKeyStatus;
  secretAccessKey: string;
  createDate: Date;
}

export interface AccessKeyLastUse {
  lastUsedDate: Date | null;
  serviceName: string | null;
  region: string | null;
  operation: string | null;
}

/** 40 characters of A-Za-z0-9+/ like AWS's: 30 random bytes in base64 (240 bits, no padding). */
export const newSecretAccessKey = (): string => randomBytes(30).toString('base64');

export function createAccessKey({ scope, caller }: KeyManager, secrets: SecretBox, userName: string | null | undefined): Promise<NewAccessKey> {
  const secretAccessKey = newSecretAccessKey();
  return inTransaction(scope, async (tx) => {
    const user = await keyOwner(tx, scope, caller, userName);
    // Locked while counting, so that two concurrent creates cannot both see room for one more.
    await lockRow(tx, 'User', user.id, () => noSuchEntity('user', user.name));
    if ((await tx.accessKey.count({ where: { userId: user.id } })) >= MAX_ACCESS_KEYS_PER_USER) {
      throw limitExceeded(`user \`${user.name}\` already has ${MAX_ACCESS_KEYS_PER_USER} access keys, the most a user may have: delete one (deleteAccessKey) first`);
    }
    const accessKeyId = newKeyId('AKIA');
    // Bound to the key's id: a sealed secret copied onto another key's row does not open.
    const key = await tx.accessKey.create({ data: { id: accessKeyId, userId: user.id, secretEncrypted: secrets.seal(secretAccessKey, accessKeyId) } });
    return { userName: user.name, accessKeyId, status: 'Active', secretAccessKey, createDate: key.createdAt };
  });
}

/** Makes a key Active or Inactive; requests signed with it see the change from the next one on. */
export function updateAccessKey(
  { scope, caller }: KeyManager,
  input: { userName?: string | null; accessKeyId: string; status: AccessKeyStatus },
): Promise<AccessKeyModel> {
  const accessKeyId = checkKeyId(input.accessKeyId);
  return inTransaction(scope, async (tx) => {
    const user = await keyOwner(tx, scope, caller, input.userName);
    // The status trigger bumps the credentials epoch: every process drops its cached copy of the key.
    const { count } = await tx.accessKey.updateMany({ where: { id: accessKeyId, userId: user.id }, data: { status: input.status } });
    if (count === 0) throw noSuchEntity('access key', accessKeyId);
    return tx.accessKey.findUniqueOrThrow({ where: { id: accessKeyId } });
  });
}

export function deleteAccessKey({ scope, caller }: KeyManager, input: { userName?: string | null; accessKeyId: string }): Promise<string> {
  const accessKeyId = checkKeyId(input.accessKeyId);
  return inTransaction(scope, async (tx) => {
    const user = await keyOwner(tx, scope, caller, input.userName);
    const { count } = await tx.accessKey.deleteMany({ where: { id: accessKeyId, userId: user.id } });
    if (count === 0) throw noSuchEntity('access key', accessKeyId);
    return accessKeyId;
  });
}

/** The keys of a user, or of the calling user, oldest first, with their last use up to date. */
export async function listAccessKeys({ scope, caller }: KeyManager, usage: KeyUsage, userName: string | null | undefined): Promise<AccessKeyModel[]> {
  const user = await keyOwner(scope.prisma, scope, caller, userName);
  await usage.flush();
  return scope.prisma.accessKey.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

/** A user's keys for the `User.accessKeys` field, through the request's loader. */
export async function accessKeysOfUser(loaders: Loaders, usage: KeyUsage, userId: string): Promise<AccessKeyModel[]> {
  await usage.flush();
  return loaders.accessKeysOfUser.load(userId);
}

/** When and for what a key of the caller's account was last used; null when there is no such key. */
export async function getAccessKeyLastUsed(scope: Scope, usage: KeyUsage, accessKeyId: string): Promise<{ userName: string; accessKeyLastUsed: AccessKeyLastUse } | null> {
  checkKeyId(accessKeyId);
  await usage.flush();
  const key = await scope.prisma.accessKey.findFirst({ where: { id: accessKeyId, user: { accountId: scope.accountId } }, include: { user: { select: { name: true } } } });
  return key && { userName: key.user.name, accessKeyLastUsed: lastUseOf(key) };
}

export function lastUseOf(key: AccessKey): AccessKeyLastUse {
  return { lastUsedDate: key.lastUsedAt, serviceName: key.lastUsedService, region: key.lastUsedRegion, operation: key.lastUsedOperation };
}

export const statusOf = (key: AccessKey): AccessKeyStatus => (key.status === 'Active' ? 'Active' : 'Inactive');

/** The user named, or the calling IAM user when no name is given. */
async function keyOwner(tx: Tx, scope: Scope, caller: Caller, userName: string | null | undefined): Promise<User> {
  if (userName != null) {
    const user = await tx.user.findUnique({ where: { accountId_nameKey: { accountId: scope.accountId, nameKey: checkName('userName', userName, NAME_LIMITS.user).toLowerCase() } } });
    if (!user) throw noSuchEntity('user', userName);
    return user;
  }
  if (caller.type !== 'User') {
    throw badInput('userName', 'required when the root user calls: the root user has no access keys in Gatehouse; create an IAM user (createUser) and give it a key');
  }
  const user = await tx.user.findFirst({ where: { id: caller.userId, accountId: scope.accountId } });
  if (!user) throw noSuchEntity('user', caller.userName ?? caller.userId);
  return user;
}

function checkKeyId(accessKeyId: string): string {
  if (!KEY_ID.test(accessKeyId)) {
    throw badInput('accessKeyId', `must be 16 to 128 letters, digits or underscores, got ${accessKeyId.length > 40 ? `${accessKeyId.length} characters` : `\`${accessKeyId}\``}`);
  }
  return accessKeyId;
}
