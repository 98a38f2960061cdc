// Virtual MFA devices through the API, for the MFA tests: create one (keeping its seed), enable
// it with codes computed from that seed, sign in with a code.
import { dataOf, type GraphqlResponse, type SendAs, type TestApi } from './api-harness.ts';
import { stepOf, totpCode } from './totp-codes.ts';

export interface CreatedDevice {
  serialNumber: string;
  seed: string;
  otpauthUri: string;
  qrCodePNG: string;
}

export const CREATE_DEVICE = `mutation($input: CreateVirtualMFADeviceInput!) {
  createVirtualMFADevice(input: $input) {
    virtualMFADevice { id serialNumber user { userName } userName enableDate createDate }
    base32StringSeed otpauthUri qrCodePNG
  }
}`;

export const ENABLE_DEVICE = `mutation($input: EnableMFADeviceInput!) {
  enableMFADevice(input: $input) { mfaDevice { serialNumber userName user { userName } enableDate } }
}`;

export async function createDevice(api: TestApi, name: string, options: { path?: string; as?: SendAs } = {}): Promise<CreatedDevice> {
  const input = { virtualMFADeviceName: name, ...(options.path ? { path: options.path } : {}) };
  const created = dataOf(await api.gql(CREATE_DEVICE, { input }, options.as)).createVirtualMFADevice;
  return { serialNumber: created.virtualMFADevice.serialNumber, seed: created.base32StringSeed, otpauthUri: created.otpauthUri, qrCodePNG: created.qrCodePNG };
}

/** enableMFADevice with the codes of the steps before and at `now` (what a person types). */
export function enableDevice(api: TestApi, device: CreatedDevice, userName: string | null, now: Date, as?: SendAs): Promise<GraphqlResponse> {
  const step = stepOf(now);
  const input = {
    ...(userName === null ? {} : { userName }),
    serialNumber: device.serialNumber,
    authenticationCode1: totpCode(device.seed, step - 1),
    authenticationCode2: totpCode(device.seed, step),
  };
  return api.gql(ENABLE_DEVICE, { input }, as);
}

export const SIGN_IN = 'mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }';

/** signIn as an IAM user of the API's account; the raw answer. */
export function signInAsUser(api: TestApi, userName: string, password: string, mfaCode?: string | null): Promise<GraphqlResponse> {
  return api.gql(SIGN_IN, { input: { account: api.accountId, userName, password, ...(mfaCode === undefined ? {} : { mfaCode }) } }, { anonymous: true });
}
