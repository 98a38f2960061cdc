// signIn: email and password for root; account, user name and password for an IAM user; plus an
// MFA code when the user has an enabled device. Every failure gives the same error, after the
// same work: an unknown name is verified against a decoy hash and costs the same statements as a
// wrong password (README, Signing in). Attempts are limited per address and per name first.
import { badInput, GatehouseError } from '../errors.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { LockoutKey } from './lockout.ts';
import { Lockout } from './lockout.ts';
import type { MfaCheck } from './mfa-check.ts';
import { HashingBusyError, type PasswordHasher } from './password-hasher.ts';
import { passwordMustChange } from './password-expiry.ts';
import { MAX_PASSWORD_LENGTH } from './password-rules.ts';
import type { SessionStore } from './sessions.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** How a successful sign-in writes its audit record: inside the session's transaction, then told it committed. */
export interface SignInRecord {
  inTransaction(tx: Tx): Promise<void>;
  committed(): void;
}
import type { SignInThrottle } from './sign-in-throttle.ts';

export interface SignInInput {
  email?: string | null;
  account?: string | null;
  userName?: string | null;
  password: string;
  mfaCode?: string | null;
}

export interface SignInResult {
  sessionToken: string;
  expiration: Date;
  passwordResetRequired: boolean;
}

/** What sign-in found for the name given; `hash` is null when there is nothing to sign in to. */
interface Candidate {
  lockoutKey: LockoutKey | undefined;
  hash: string | null;
  /** Set when the candidate exists: what signing in as it opens. */
  principal?: { accountId: string; userId: string | null; passwordResetRequired: boolean; hardExpired: boolean };
}

const FAILED_MESSAGE = 'sign-in failed: check the account, user name or email, password and MFA code';
export const signInFailed = () => new GatehouseError('SIGN_IN_FAILED', FAILED_MESSAGE);

export class SignInService {
  readonly #lockout: Lockout;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly hasher: PasswordHasher,
    private readonly throttle: SignInThrottle,
    private readonly mfa: MfaCheck,
    private readonly sessions: SessionStore,
  ) {
    this.#lockout = new Lockout(prisma);
  }

  /** `record`: the caller's audit record of the sign-in, written in the transaction that opens the session. */
  async signIn(input: SignInInput, sourceIp: string, now: Date, record?: SignInRecord): Promise<SignInResult> {
    try {
      return await this.#signIn(input, sourceIp, now, record);
    } catch (error) {
      // Too many sign-ins at once for the hashing slots: a rate limit, as the client sees it.
      if (error instanceof HashingBusyError) throw new GatehouseError('THROTTLING', 'too many sign-ins at once: try again in a second', { retryAfterSeconds: 1 });
      throw error;
    }
  }

  async #signIn(input: SignInInput, sourceIp: string, now: Date, record: SignInRecord | undefined): Promise<SignInResult> {
    const name = checkShape(input);
    const retryAfterSeconds = await this.throttle.take(sourceIp, name, now);
    if (retryAfterSeconds !== undefined) {
      throw new GatehouseError('THROTTLING', `too many sign-in attempts: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const candidate = input.email != null ? await this.#root(input.email) : await this.#user(input.account!, input.userName!, now);
    const locked = await this.#lockout.isLocked(candidate.lockoutKey ?? 'root:', now);
    const passwordMatches = await this.hasher.verify(candidate.hash, input.password);
    const { principal, lockoutKey } = candidate;
    if (!passwordMatches || locked || !principal || !lockoutKey || principal.hardExpired) {
      if (lockoutKey && !locked) await this.#lockout.recordFailure(lockoutKey, now);
      else await this.#lockout.recordNothing(now);
      throw signInFailed();
    }
    const mfa = principal.userId ? await this.mfa.check(principal.userId, input.mfaCode, now) : 'none';
    if (mfa === 'failed') {
      await this.#lockout.recordFailure(lockoutKey, now);
      throw signInFailed();
    }
    await this.#lockout.clear(lockoutKey);
    if (this.hasher.needsRehash(candidate.hash!)) await this.#storeRehash(principal, await this.hasher.hash(input.password));
    await this.#recordUse(principal, now);
    const opening = {
      accountId: principal.accountId,
      userId: principal.userId,
      mfaAuthenticatedAt: mfa === 'ok' ? now : null,
      passwordResetRequired: principal.passwordResetRequired,
      now,
    };
    // The session and the record of its sign-in commit together (the counters above are kept whatever happens).
    const { token, expiresAt } = await this.prisma.$transaction(async (tx) => {
      const opened = await this.sessions.open(opening, tx);
      await record?.inTransaction(tx);
      return opened;
    });
    record?.committed();
    return { sessionToken: token, expiration: expiresAt, passwordResetRequired: principal.passwordResetRequired };
  }

  async #root(email: string): Promise<Candidate> {
    const account = await this.prisma.account.findUnique({ where: { emailKey: email.toLowerCase() }, select: { id: true, rootPasswordHash: true } });
    if (!account) return { lockoutKey: undefined, hash: null };
    return {
      lockoutKey: `root:${account.id}`,
      hash: account.rootPasswordHash,
      principal: { accountId: account.id, userId: null, passwordResetRequired: false, hardExpired: false },
    };
  }

  async #user(account: string, userName: string, now: Date): Promise<Candidate> {
    const accountWhere = /^\d{12}$/.test(account) ? { accountId: account } : { account: { alias: account.toLowerCase() } };
    const user = await this.prisma.user.findFirst({
      where: { ...accountWhere, nameKey: userName.toLowerCase() },
      select: { id: true, accountId: true, loginProfile: true, account: { select: { passwordPolicy: true } } },
    });
    if (!user?.loginProfile) return { lockoutKey: undefined, hash: null };
    const mustChange = passwordMustChange(user.loginProfile, user.account.passwordPolicy, now);
    return {
      lockoutKey: `user:${user.id}`,
      hash: user.loginProfile.passwordHash,
      principal: { accountId: user.accountId, userId: user.id, passwordResetRequired: mustChange !== 'no', hardExpired: mustChange === 'by-administrator' },
    };
  }

  async #storeRehash(principal: NonNullable<Candidate['principal']>, hash: string): Promise<void> {
    if (principal.userId) await this.prisma.loginProfile.update({ where: { userId: principal.userId }, data: { passwordHash: hash } });
    else await this.prisma.account.update({ where: { id: principal.accountId }, data: { rootPasswordHash: hash } });
  }

  async #recordUse(principal: NonNullable<Candidate['principal']>, now: Date): Promise<void> {
    if (principal.userId) await this.prisma.loginProfile.update({ where: { userId: principal.userId }, data: { passwordLastUsedAt: now } });
    else await this.prisma.account.update({ where: { id: principal.accountId }, data: { rootPasswordLastUsedAt: now } });
  }
}

/** The name tried (for the per-name limit); refuses input no sign-in could match, before any work. */
function checkShape(input: SignInInput): string {
  const asRoot = input.email != null;
  if (asRoot && (input.account != null || input.userName != null)) throw badInput('email', 'give `email` (root) or `account` and `userName` (IAM user), not both');
  if (!asRoot && (input.account == null || input.userName == null)) throw badInput('account', 'give `email` (root), or `account` and `userName` (IAM user)');
  if ([...input.password].length > MAX_PASSWORD_LENGTH) throw badInput('password', `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (input.mfaCode != null && input.mfaCode.length > 16) throw badInput('mfaCode', 'must be 6 digits');
  if (asRoot) {
    if (input.email!.length > 64) throw badInput('email', 'must be at most 64 characters');
    return `email:${input.email}`;
  }
  if (input.account!.length > 63) throw badInput('account', 'must be a 12-digit account id or an alias of at most 63 characters');
  if (input.userName!.length > 64) throw badInput('userName', 'must be at most 64 characters');
  return `user:${input.account}/${input.userName}`;
}
