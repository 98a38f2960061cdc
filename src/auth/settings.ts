// How credentials are checked: password hashing cost, session length, the SigV4 region, sign-in
// limits and browser origins. config.ts fills it from GATEHOUSE_* variables (README, Configuration).

export interface Argon2Cost {
  /** Memory per hash in KiB; OWASP's floor for argon2id is 19 MiB with t=2, p=1. */
  readonly memoryKiB: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export interface AuthSettings {
  readonly argon2: Argon2Cost;
  /** Hashes computed at once; more wait in a bounded queue, so a burst of sign-ins has bounded memory. */
  readonly maxConcurrentHashes: number;
  /** How long a sign-in session lasts. */
  readonly sessionDurationSeconds: number;
  /** The region signed requests must name in their credential scope (service `iam`). */
  readonly region: string;
  /** Sign-in attempts per minute per source address, and per user name or email; 0 turns one off. */
  readonly signInLimitPerIp: number;
  readonly signInLimitPerUser: number;
  /** Origins whose browser pages may call the API; none by default. */
  readonly corsOrigins: readonly string[];
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = Object.freeze({
  argon2: Object.freeze({ memoryKiB: 19456, timeCost: 2, parallelism: 1 }),
  maxConcurrentHashes: 2,
  sessionDurationSeconds: 43200,
  region: 'us-east-1',
  signInLimitPerIp: 100,
  signInLimitPerUser: 20,
  corsOrigins: Object.freeze([]),
});
