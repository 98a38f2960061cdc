// The MFA step of signing in, as the sign-in flow sees it. auth/totp-devices.ts implements it.

/** `none`: the user has no enabled device; `ok`: a device accepted the code; `failed` otherwise. */
export type MfaOutcome = 'none' | 'ok' | 'failed';

export interface MfaCheck {
  /** Checks `code` against the user's enabled devices, accepting each code once per device. */
  check(userId: string, code: string | null | undefined, now: Date): Promise<MfaOutcome>;
}
