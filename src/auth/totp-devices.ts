// The MFA step of signing in: a code from one of the user's enabled virtual MFA devices. Each
// code is accepted once per device, and never one older than the newest accepted: the record is
// the device row's "lastUsedStep", moved forward by one conditional UPDATE, so of any number of
// concurrent sign-ins with one code (in any number of server processes) exactly one succeeds.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { MfaCheck, MfaOutcome } from './mfa-check.ts';
import type { SecretBox } from './secret-box.ts';
import { isTotpCodeShaped, matchingSteps } from './totp.ts';

/** Runs raw SQL: the server's client or a transaction's. */
type Sql = Pick<PrismaClient, '$executeRaw'>;

/**
 * Records that the code of `step` was used on the device enabled for `userId`: true when this
 * call did it, false when that step (or a later one) was already used, or the device is no
 * longer that user's. The one write that accepts a code.
 */
export async function claimStep(sql: Sql, serialNumber: string, userId: string, step: number): Promise<boolean> {
  const updated = await sql.$executeRaw`
    UPDATE "MfaDevice" SET "lastUsedStep" = ${BigInt(step)}
    WHERE "serialNumber" = ${serialNumber} AND "userId" = ${userId} AND "enabledAt" IS NOT NULL
      AND ("lastUsedStep" IS NULL OR "lastUsedStep" < ${BigInt(step)})`;
  return updated === 1;
}

export class TotpDevices implements MfaCheck {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secrets: SecretBox,
  ) {}

  async check(userId: string, code: string | null | undefined, now: Date): Promise<MfaOutcome> {
    const devices = await this.prisma.mfaDevice.findMany({
      where: { userId, enabledAt: { not: null } },
      select: { serialNumber: true, seedEncrypted: true },
      orderBy: { serialNumber: 'asc' },
    });
    if (devices.length === 0) return 'none';
    if (code == null || !isTotpCodeShaped(code)) return 'failed';
    for (const device of devices) {
      const seed = this.secrets.open(device.seedEncrypted, device.serialNumber);
      for (const step of matchingSteps(seed, code, now)) {
        if (await claimStep(this.prisma, device.serialNumber, userId, step)) return 'ok';
      }
    }
    return 'failed';
  }
}
