// PROVISIONAL (issue 8, MFA part in progress): TOTP verification of enabled virtual MFA devices.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { MfaCheck, MfaOutcome } from './mfa-check.ts';
import type { SecretBox } from './secret-box.ts';

export class TotpDevices implements MfaCheck {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secrets: SecretBox,
  ) {}

  async check(userId: string, _code: string | null | undefined, _now: Date): Promise<MfaOutcome> {
    const enabled = await this.prisma.mfaDevice.count({ where: { userId, enabledAt: { not: null } } });
    void this.secrets;
    return enabled === 0 ? 'none' : 'failed';
  }
}
