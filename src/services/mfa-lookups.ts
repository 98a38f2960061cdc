// Finding virtual MFA devices by serial number, and the user an MFA operation acts on, within
// the caller's account.
import type { Caller } from '../auth/caller.ts';
import { MAX_MFA_SERIAL_LENGTH } from '../domain/arn.ts';
import { NAME_LIMITS } from '../domain/validate-names.ts';
import { badInput, noSuchEntity } from '../errors.ts';
import type { MfaDevice, User } from '../generated/prisma/client.ts';
import { findUser } from './lookups.ts';
import type { Scope, Tx } from './scope.ts';

/** At most this many MFA devices enabled per user (AWS's quota). */
export const MAX_MFA_DEVICES_PER_USER = 8;

export function checkSerialNumber(serialNumber: string): string {
  if (serialNumber.length < 9 || serialNumber.length > MAX_MFA_SERIAL_LENGTH) throw badInput('serialNumber', `must be 9 to ${MAX_MFA_SERIAL_LENGTH} characters, got ${serialNumber.length}`);
  return serialNumber;
}

/** The device with this serial number in the caller's account; another account's is as unknown as a missing one. */
export async function findMfaDevice(tx: Tx, scope: Scope, serialNumber: string): Promise<MfaDevice> {
  const device = await tx.mfaDevice.findUnique({ where: { serialNumber: checkSerialNumber(serialNumber) } });
  if (!device || device.accountId !== scope.accountId) throw noSuchEntity('virtual MFA device', serialNumber);
  return device;
}

/** The named user, or the calling IAM user when `userName` is omitted (the root user has no MFA here). */
export async function findMfaUser(tx: Tx, scope: Scope, caller: Caller, userName: string | null | undefined): Promise<User> {
  if (userName != null) {
    if (userName.length > NAME_LIMITS.user) throw badInput('userName', `must be 1 to ${NAME_LIMITS.user} characters, got ${userName.length}`);
    return findUser(tx, scope, userName);
  }
  if (caller.type !== 'User') {
    throw badInput('userName', 'is required here: the root user has no MFA devices in this release, so name the IAM user the device is for');
  }
  const user = await tx.user.findFirst({ where: { id: caller.userId, accountId: scope.accountId } });
  if (!user) throw noSuchEntity('user', caller.userName ?? caller.userId);
  return user;
}
