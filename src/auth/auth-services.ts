// Authentication's parts, built once per server and shared by its requests.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { Authenticator } from './authenticator.ts';
import { KeyUsage } from './key-usage.ts';
import { PasswordHasher } from './password-hasher.ts';
import { SessionStore } from './sessions.ts';
import type { AuthSettings } from './settings.ts';
import { SigV4Verifier } from './sigv4.ts';
import { TotpDevices } from './totp-devices.ts';
import { SignInService } from './sign-in.ts';
import { SignInThrottle } from './sign-in-throttle.ts';
import { SecretBox } from './secret-box.ts';
import { WindowCounter } from './window-counter.ts';

export interface AuthServices {
  readonly settings: AuthSettings;
  readonly authenticator: Authenticator;
  readonly hasher: PasswordHasher;
  readonly sessions: SessionStore;
  readonly signIn: SignInService;
  /** Seals access-key secrets and TOTP seeds under the master key. */
  readonly secrets: SecretBox;
  /** When each access key was last used, written in batches (stop() it with the server). */
  readonly keyUsage: KeyUsage;
  /** Per-minute counts shared by every server process: sign-in attempts, heavy operations. */
  readonly windows: WindowCounter;
}

export function createAuthServices(params: {
  prisma: PrismaClient;
  partition: string;
  settings: AuthSettings;
  masterKey: Buffer;
  hasher?: PasswordHasher;
  /** Told of a background write that failed (access keys' last use). */
  onBackgroundError?: (error: unknown) => void;
}): AuthServices {
  const { prisma, settings } = params;
  const secrets = new SecretBox(params.masterKey);
  const hasher = params.hasher ?? new PasswordHasher(settings.argon2, settings.maxConcurrentHashes);
  const sessions = new SessionStore(prisma, settings.sessionDurationSeconds);
  const windows = new WindowCounter(prisma);
  const throttle = new SignInThrottle(windows, { perIp: settings.signInLimitPerIp, perUser: settings.signInLimitPerUser });
  return {
    settings,
    authenticator: new Authenticator(prisma, params.partition, new SigV4Verifier(prisma, params.partition, settings.region, secrets)),
    hasher,
    sessions,
    signIn: new SignInService(prisma, hasher, throttle, new TotpDevices(prisma, secrets), sessions),
    secrets,
    keyUsage: new KeyUsage(prisma, settings.region, params.onBackgroundError),
    windows,
  };
}
