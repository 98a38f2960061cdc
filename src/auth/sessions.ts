// Sign-in sessions: opened by signIn, presented as `Authorization: Bearer <token>`, ended by
// signOut, revokeSessions, expiry, or deleting what they depend on (the user, its login
// profile). Deleting a session row bumps the credentials epoch (see the migration), which is how
// every server process learns, on its next request, that a cached session is gone.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { newKeyId, newSessionToken } from './tokens.ts';

export interface OpenSession {
  accountId: string;
  userId: string | null;
  mfaAuthenticatedAt: Date | null;
  passwordResetRequired: boolean;
  now: Date;
}

/** Where session rows are written: the client, or a transaction the write must commit with (its audit record's). */
export type SessionWriter = Pick<PrismaClient, 'session'>;

export class SessionStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly durationSeconds: number,
  ) {}

  async open(session: OpenSession, db: SessionWriter = this.prisma): Promise<{ token: string; expiresAt: Date }> {
    const { token, tokenHash } = newSessionToken();
    const expiresAt = new Date(session.now.getTime() + this.durationSeconds * 1000);
    await db.session.create({
      data: {
        accessKeyId: newKeyId('ASIA'),
        accountId: session.accountId,
        userId: session.userId,
        tokenHash,
        mfaAuthenticatedAt: session.mfaAuthenticatedAt,
        passwordResetRequired: session.passwordResetRequired,
        expiresAt,
      },
    });
    return { token, expiresAt };
  }

  /** Ends one session; whether it existed. */
  async end(sessionId: string, db: SessionWriter = this.prisma): Promise<boolean> {
    const { count } = await db.session.deleteMany({ where: { accessKeyId: sessionId } });
    return count > 0;
  }

  /** Ends every sign-in session of a principal (an IAM user, or an account's root), but `except`. */
  async endAll(principal: { accountId: string; userId: string | null }, except?: string, db: SessionWriter = this.prisma): Promise<number> {
    const { count } = await db.session.deleteMany({
      where: { accountId: principal.accountId, userId: principal.userId, roleId: null, ...(except ? { accessKeyId: { not: except } } : {}) },
    });
    return count;
  }

  /** Deletes sessions past their expiry (they are refused anyway; this keeps the table small). */
  async clearExpired(now: Date): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
