// Virtual (TOTP) MFA devices: create one (its seed shown once), enable it for a user with two
// consecutive codes, deactivate it (the device stays, unassigned), delete it. Signing in with
// one is auth/totp-devices.ts; the lists are mfa-device-reads.ts.
import type { Caller } from '../auth/caller.ts';
import { qrCodePngBase64 } from '../auth/qr-code.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { consecutiveStep, isTotpCodeShaped, newTotpSeed, otpauthUri } from '../auth/totp.ts';
import { MAX_MFA_SERIAL_LENGTH, mfaSerialNumber } from '../domain/arn.ts';
import { nameProblems, pathProblems, requireValid, type InputProblem } from '../domain/validate-names.ts';
import { alreadyExists, badInput, GatehouseError, limitExceeded, noSuchEntity } from '../errors.ts';
import type { MfaDevice } from '../generated/prisma/client.ts';
import { checkSerialNumber, findMfaDevice, findMfaUser, MAX_MFA_DEVICES_PER_USER } from './mfa-lookups.ts';
import type { Scope } from './scope.ts';
import { inTransaction, lockRow } from './transactions.ts';

/** The issuer authenticator apps show above the code. */
export const TOTP_ISSUER = 'Gatehouse';
const MAX_DEVICE_NAME = 128;

export interface CreatedMfaDevice {
  device: MfaDevice;
  base32StringSeed: string;
  otpauthUri: string;
  qrCodePNG: string;
}

/** Creates an unassigned device with a fresh seed, sealed to its serial number; the seed is in the result only. */
export async function createVirtualMfaDevice(
  scope: Scope,
  secrets: SecretBox,
  params: { virtualMFADeviceName: string; path?: string | null },
): Promise<CreatedMfaDevice> {
  const name = params.virtualMFADeviceName;
  const path = params.path ?? '/';
  requireValid([...nameProblems('virtualMFADeviceName', name, MAX_DEVICE_NAME), ...pathProblems('path', path)]);
  const serialNumber = mfaSerialNumber(scope.partition, scope.accountId, path, name);
  if (serialNumber.length > MAX_MFA_SERIAL_LENGTH) {
    throw badInput('path', `with the name, makes a serial number of ${serialNumber.length} characters: at most ${MAX_MFA_SERIAL_LENGTH}`);
  }
  const account = await scope.prisma.account.findUniqueOrThrow({ where: { id: scope.accountId }, select: { alias: true } });
  const seed = newTotpSeed();
  const uri = otpauthUri(seed, TOTP_ISSUER, `${account.alias ?? scope.accountId}:${name}`);
  // drawn before the insert, so that a failure here leaves no device whose seed nobody saw
  const qrCodePNG = await qrCodePngBase64(uri);
  const device = await inTransaction(
    scope,
    (tx) =>
      tx.mfaDevice.create({
        data: { serialNumber, accountId: scope.accountId, name, nameKey: name.toLowerCase(), path, seedEncrypted: secrets.seal(seed, serialNumber) },
      }),
    () => alreadyExists('virtual MFA device', name),
  );
  return { device, base32StringSeed: seed, otpauthUri: uri, qrCodePNG };
}

export interface EnableMfaDeviceParams {
  userName?: string | null;
  serialNumber: string;
  authenticationCode1: string;
  authenticationCode2: string;
}

const codeProblems = (field: string, code: string): InputProblem[] => (isTotpCodeShaped(code) ? [] : [{ field, message: 'must be 6 digits' }]);

const alreadyEnabled = (serialNumber: string) =>
  new GatehouseError('ENTITY_ALREADY_EXISTS', `virtual MFA device \`${serialNumber}\` is already enabled for a user: deactivate it first`);

/**
 * Enables the device for the user: the second code must follow the first and be current (one
 * step of drift either way). Both codes are used up: the device's last used step becomes the
 * second one's, so neither can sign in afterwards.
 */
export function enableMfaDevice(scope: Scope, caller: Caller, secrets: SecretBox, params: EnableMfaDeviceParams, now: Date): Promise<MfaDevice> {
  checkSerialNumber(params.serialNumber);
  requireValid([...codeProblems('authenticationCode1', params.authenticationCode1), ...codeProblems('authenticationCode2', params.authenticationCode2)]);
  return inTransaction(scope, async (tx) => {
    const user = await findMfaUser(tx, scope, caller, params.userName);
    // the quota is counted under the user's row lock, so concurrent enables cannot both pass it
    await lockRow(tx, 'User', user.id, () => noSuchEntity('user', user.name));
    const device = await findMfaDevice(tx, scope, params.serialNumber);
    if (device.userId !== null) throw alreadyEnabled(device.serialNumber);
    const enabled = await tx.mfaDevice.count({ where: { userId: user.id } });
    if (enabled >= MAX_MFA_DEVICES_PER_USER) {
      throw limitExceeded(`user \`${user.name}\` already has ${MAX_MFA_DEVICES_PER_USER} MFA devices enabled, the most a user may have: deactivate one first`);
    }
    const step = consecutiveStep(secrets.open(device.seedEncrypted, device.serialNumber), params.authenticationCode1, params.authenticationCode2, now);
    if (step === undefined) {
      throw new GatehouseError('INVALID_AUTHENTICATION_CODE', 'the authentication codes are not two consecutive current codes of this device');
    }
    // conditional: of two concurrent enables of one device, the second finds it taken
    const { count } = await tx.mfaDevice.updateMany({
      where: { serialNumber: device.serialNumber, userId: null },
      data: { userId: user.id, enabledAt: now, lastUsedStep: BigInt(step) },
    });
    if (count === 0) throw alreadyEnabled(device.serialNumber);
    return tx.mfaDevice.findUniqueOrThrow({ where: { serialNumber: device.serialNumber } });
  });
}

/** Unassigns the device from the user; it stays, and can be enabled again (for anyone) with new codes. */
export function deactivateMfaDevice(scope: Scope, caller: Caller, params: { userName?: string | null; serialNumber: string }): Promise<MfaDevice> {
  return inTransaction(scope, async (tx) => {
    const user = await findMfaUser(tx, scope, caller, params.userName);
    const device = await findMfaDevice(tx, scope, params.serialNumber);
    const notEnabled = () => new GatehouseError('NO_SUCH_ENTITY', `virtual MFA device \`${device.serialNumber}\` is not enabled for user \`${user.name}\``);
    if (device.userId !== user.id) throw notEnabled();
    const { count } = await tx.mfaDevice.updateMany({
      where: { serialNumber: device.serialNumber, userId: user.id },
      data: { userId: null, enabledAt: null, lastUsedStep: null },
    });
    if (count === 0) throw notEnabled();
    return tx.mfaDevice.findUniqueOrThrow({ where: { serialNumber: device.serialNumber } });
  });
}

/** Deletes an unassigned device; one enabled for a user is refused, as AWS does. */
export function deleteVirtualMfaDevice(scope: Scope, serialNumber: string): Promise<MfaDevice> {
  return inTransaction(scope, async (tx) => {
    const device = await findMfaDevice(tx, scope, serialNumber);
    // conditional, so a concurrent enable either comes first (and the delete is refused) or finds nothing
    const { count } = await tx.mfaDevice.deleteMany({ where: { serialNumber: device.serialNumber, userId: null } });
    if (count === 1) return device;
    const now = await tx.mfaDevice.findUnique({ where: { serialNumber: device.serialNumber }, include: { user: { select: { name: true } } } });
    if (!now?.user) throw noSuchEntity('virtual MFA device', serialNumber);
    throw new GatehouseError(
      'DELETE_CONFLICT',
      `cannot delete virtual MFA device \`${device.serialNumber}\`: it is enabled for user \`${now.user.name}\`: deactivate it first (deactivateMFADevice)`,
      { blockers: [`enabled for user ${now.user.name}`] },
    );
  });
}
