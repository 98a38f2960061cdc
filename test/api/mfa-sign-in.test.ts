// Signing in with an MFA code: a user with an enabled device must give a current code (one step
// of drift either way), each code is accepted once per device even under concurrent attempts
// (in two server processes at once), wrong codes count toward the lockout, and the session
// remembers when MFA was checked (aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge).
// The server's clock is injected: no test waits for a code to change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../src/auth/authenticator.ts';
import { credentialContextKeys } from '../../src/auth/caller.ts';
import { dataOf, errorCodeOf, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { createUser } from '../support/fixtures.ts';
import { createDevice, enableDevice, signInAsUser, type CreatedDevice } from '../support/mfa-fixtures.ts';
import { STEP_MS, stepOf, totpCode, wrongCode } from '../support/totp-codes.ts';
import { giveUserPassword } from '../support/user-password.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 10); // 10 s into a step
let nowMs = T0;
const now = () => new Date(nowMs);
// Sign-in rate limits are another test's subject: here they would only get in the way.
const auth = { signInLimitPerIp: 0, signInLimitPerUser: 0 };
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock: now, auth });
});
afterAll(async () => api?.stop());

let userCount = 0;
/** A fresh user with a password and an enabled device; the clock then moves on past the steps enabling used up. */
async function enrolledUser(): Promise<{ userName: string; password: string; device: CreatedDevice }> {
  const userName = `mfa-user-${++userCount}`;
  const password = `password of ${userName}`;
  await createUser(api, userName);
  await giveUserPassword(api, userName, password);
  const device = await createDevice(api, `${userName}-phone`);
  dataOf(await enableDevice(api, device, userName, now()));
  nowMs += 3 * STEP_MS;
  return { userName, password, device };
}

const sessionsOf = async (userName: string) => {
  const user = await api.prisma.user.findFirstOrThrow({ where: { accountId: api.accountId, name: userName } });
  return api.prisma.session.findMany({ where: { userId: user.id } });
};

describe('signing in with an enabled MFA device', () => {
  it('needs the current code: none, a wrong one or a malformed one fail alike', async () => {
    const { userName, password, device } = await enrolledUser();
    const s = stepOf(now());
    for (const code of [undefined, null, '', wrongCode(device.seed, [s - 1, s, s + 1]), '12345', '1234567', 'abcdef', ` ${totpCode(device.seed, s)}`]) {
      const answer = await signInAsUser(api, userName, password, code);
      expect(errorCodeOf(answer), String(code)).toBe('SIGN_IN_FAILED');
    }
    expect(await sessionsOf(userName)).toEqual([]);
    dataOf(await signInAsUser(api, userName, password, totpCode(device.seed, s)));
    const sessions = await sessionsOf(userName);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.mfaAuthenticatedAt).toEqual(now());
  });

  it('accepts a code once: the same code again fails, as does an older unused one', async () => {
    const { userName, password, device } = await enrolledUser();
    const s = stepOf(now());
    dataOf(await signInAsUser(api, userName, password, totpCode(device.seed, s)));
    expect(errorCodeOf(await signInAsUser(api, userName, password, totpCode(device.seed, s)))).toBe('SIGN_IN_FAILED');
    expect(errorCodeOf(await signInAsUser(api, userName, password, totpCode(device.seed, s - 1)))).toBe('SIGN_IN_FAILED');
    dataOf(await signInAsUser(api, userName, password, totpCode(device.seed, s + 1)));
    expect(await sessionsOf(userName)).toHaveLength(2);
  });

  it('accepts the previous and the next step\'s code, and refuses codes two steps off', async () => {
    const early = await enrolledUser();
    const late = await enrolledUser();
    const s = stepOf(now());
    expect(errorCodeOf(await signInAsUser(api, early.userName, early.password, totpCode(early.device.seed, s + 2)))).toBe('SIGN_IN_FAILED');
    expect(errorCodeOf(await signInAsUser(api, late.userName, late.password, totpCode(late.device.seed, s - 2)))).toBe('SIGN_IN_FAILED');
    dataOf(await signInAsUser(api, early.userName, early.password, totpCode(early.device.seed, s - 1)));
    dataOf(await signInAsUser(api, late.userName, late.password, totpCode(late.device.seed, s + 1)));
  });

  it('takes a code of any of the user\'s enabled devices', async () => {
    const { userName, password } = await enrolledUser();
    const second = await createDevice(api, `${userName}-tablet`);
    dataOf(await enableDevice(api, second, userName, now()));
    nowMs += 3 * STEP_MS;
    dataOf(await signInAsUser(api, userName, password, totpCode(second.seed, stepOf(now()))));
  });

  it('needs no code once the device is deactivated, and never for a user without one', async () => {
    const { userName, password, device } = await enrolledUser();
    const deactivate = `mutation($input: DeactivateMFADeviceInput!) { deactivateMFADevice(input: $input) { mfaDevice { serialNumber } } }`;
    dataOf(await api.gql(deactivate, { input: { userName, serialNumber: device.serialNumber } }));
    dataOf(await signInAsUser(api, userName, password));
    const [session] = await sessionsOf(userName);
    expect(session!.mfaAuthenticatedAt).toBeNull();
  });
});

describe('codes used to enable', () => {
  it('are used up: neither signs the user in afterwards', async () => {
    await createUser(api, 'uu-user');
    await giveUserPassword(api, 'uu-user', 'used up password');
    const device = await createDevice(api, 'uu-phone');
    dataOf(await enableDevice(api, device, 'uu-user', now()));
    const s = stepOf(now());
    expect(errorCodeOf(await signInAsUser(api, 'uu-user', 'used up password', totpCode(device.seed, s)))).toBe('SIGN_IN_FAILED');
    expect(errorCodeOf(await signInAsUser(api, 'uu-user', 'used up password', totpCode(device.seed, s - 1)))).toBe('SIGN_IN_FAILED');
    dataOf(await signInAsUser(api, 'uu-user', 'used up password', totpCode(device.seed, s + 1)));
  });
});

describe('one code, many sign-ins at once', () => {
  it('opens exactly one session for 20 concurrent sign-ins with the same fresh code, across two servers', async () => {
    const { userName, password, device } = await enrolledUser();
    // a second server on the same database, as another process would be: its own client and pool,
    // the same master key (its drop is a no-op: the first server's database outlives it)
    const second = await startTestApi({ clock: now, auth, masterKey: api.masterKey, database: { url: api.database.url, drop: async () => {} } });
    try {
      const code = totpCode(device.seed, stepOf(now()));
      const answers: GraphqlResponse[] = await Promise.all(
        Array.from({ length: 20 }, (_, i) => signInAsUser(i % 2 ? second : api, userName, password, code)),
      );
      const succeeded = answers.filter((answer) => !answer.errors);
      expect(succeeded).toHaveLength(1);
      expect(answers.filter((answer) => answer.errors?.[0]?.extensions?.code === 'SIGN_IN_FAILED')).toHaveLength(19);
      expect(await sessionsOf(userName)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

describe('wrong codes and the lockout', () => {
  it('counts wrong codes toward the lockout: after 10, the right password and code fail too, until it ends', async () => {
    const { userName, password, device } = await enrolledUser();
    const s = stepOf(now());
    const wrong = wrongCode(device.seed, [s - 1, s, s + 1]);
    for (let i = 0; i < 10; i++) expect(errorCodeOf(await signInAsUser(api, userName, password, wrong))).toBe('SIGN_IN_FAILED');
    expect(errorCodeOf(await signInAsUser(api, userName, password, totpCode(device.seed, s)))).toBe('SIGN_IN_FAILED');
    expect(await sessionsOf(userName)).toEqual([]);
    nowMs += 61_000; // the first lockout lasts 60 s
    dataOf(await signInAsUser(api, userName, password, totpCode(device.seed, stepOf(now()))));
  });
});

describe('the MFA condition keys of a session', () => {
  const authenticator = () => new Authenticator(api.prisma, 'aws', { verify: async () => undefined });
  const callerOf = async (token: string, at: Date) => {
    const request = { method: 'POST', target: '/graphql', headers: { authorization: `Bearer ${token}` }, body: Buffer.alloc(0) };
    const authentication = await authenticator().authenticate(request, async () => 0n, at);
    if (authentication.kind !== 'caller') throw new Error(`not authenticated: ${authentication.kind}`);
    return authentication.caller;
  };

  it('carries aws:MultiFactorAuthPresent = true and the age of the MFA check into every request', async () => {
    const { userName, password, device } = await enrolledUser();
    const signedInAt = now();
    const token = dataOf(await signInAsUser(api, userName, password, totpCode(device.seed, stepOf(signedInAt)))).signIn.sessionToken;
    const later = new Date(signedInAt.getTime() + 95_000);
    expect(credentialContextKeys(await callerOf(token, later), later)).toEqual([
      { key: 'aws:MultiFactorAuthPresent', values: ['true'], type: 'BOOLEAN' },
      { key: 'aws:MultiFactorAuthAge', values: ['95'], type: 'NUMERIC' },
    ]);
  });

  it('says false, with no age, for a session opened without MFA', async () => {
    await createUser(api, 'no-mfa-user');
    await giveUserPassword(api, 'no-mfa-user', 'no mfa password');
    const token = dataOf(await signInAsUser(api, 'no-mfa-user', 'no mfa password')).signIn.sessionToken;
    expect(credentialContextKeys(await callerOf(token, now()), now())).toEqual([{ key: 'aws:MultiFactorAuthPresent', values: ['false'], type: 'BOOLEAN' }]);
  });
});
