// Whether a user's password must be changed before the session may do anything else: an
// administrator asked for it (passwordResetRequired), or it is older than the account's
// maxPasswordAge. With hardExpiry, an expired password cannot be changed by its user at all.

interface Profile {
  passwordResetRequired: boolean;
  passwordChangedAt: Date;
}
interface Policy {
  maxPasswordAge: number | null;
  hardExpiry: boolean;
}

/** `no`; `by-user` at sign-in (the session may only change it); `by-administrator` (sign-in fails). */
export function passwordMustChange(profile: Profile, policy: Policy | null, now: Date): 'no' | 'by-user' | 'by-administrator' {
  const expired = policy?.maxPasswordAge != null && profile.passwordChangedAt.getTime() + policy.maxPasswordAge * 86_400_000 <= now.getTime();
  if (expired && policy.hardExpiry) return 'by-administrator';
  return expired || profile.passwordResetRequired ? 'by-user' : 'no';
}
