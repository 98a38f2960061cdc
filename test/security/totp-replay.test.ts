// Replaying one TOTP code, with nothing in front of the MFA check: signIn's password hashing
// paces its requests (a few at a time), so this file races the check itself, 20 at once through
// two database clients (as two server processes would), and exactly one may accept the code.
// What makes that hold is one conditional UPDATE of the device's last used step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box.ts';
import { TotpDevices } from '../../src/auth/totp-devices.ts';
import { createPrisma } from '../../src/db/prisma.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createUser } from '../support/fixtures.ts';
import { createDevice, enableDevice } from '../support/mfa-fixtures.ts';
import { STEP_MS, stepOf, totpCode } from '../support/totp-codes.ts';

const T0 = Date.UTC(2026, 11, 1, 15, 0, 5);
let nowMs = T0;
const now = () => new Date(nowMs);
let api: TestApi;
let clients: PrismaClient[];
beforeAll(async () => {
  api = await startTestApi({ clock: now });
  clients = [createPrisma(api.database.url), createPrisma(api.database.url)];
});
afterAll(async () => {
  await Promise.all((clients ?? []).map((client) => client.$disconnect()));
  await api?.stop();
});

describe('one TOTP code checked 20 times at once', () => {
  it('is accepted exactly once, whichever client checks it', async () => {
    await createUser(api, 'replay-user');
    const device = await createDevice(api, 'replay-phone');
    dataOf(await enableDevice(api, device, 'replay-user', now()));
    const { userId } = (await api.prisma.mfaDevice.findUniqueOrThrow({ where: { serialNumber: device.serialNumber } }))!;
    const secrets = new SecretBox(api.masterKey);
    const checkers = clients.map((client) => new TotpDevices(client, secrets));
    // several rounds, each with a fresh code, so one lucky interleaving cannot pass the test
    for (let round = 0; round < 5; round++) {
      nowMs += STEP_MS;
      const code = totpCode(device.seed, stepOf(now()));
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => checkers[i % 2]!.check(userId!, code, now())));
      expect(outcomes.filter((outcome) => outcome === 'ok'), `round ${round}`).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'failed')).toHaveLength(19);
    }
  });
});
