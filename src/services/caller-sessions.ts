// signOut, revokeSessions and callerIdentity: the caller's sessions and who it is.
import type { Caller } from '../auth/caller.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { findUser } from './lookups.ts';
import type { Scope } from './scope.ts';

/** Ends the caller's own session; false when the request was signed with an access key. */
export async function signOut(caller: Caller, sessions: SessionStore): Promise<boolean> {
  if (caller.credential.kind !== 'Session') return false;
  return sessions.end(caller.credential.sessionId);
}

/** Ends every session of the named user of the caller's account, or of the caller itself. */
export async function revokeSessions(scope: Scope, caller: Caller, sessions: SessionStore, userName: string | null | undefined): Promise<number> {
  if (userName == null) {
    return sessions.endAll({ accountId: caller.accountId, userId: caller.type === 'Root' ? null : caller.userId });
  }
  const user = await findUser(scope.prisma, scope, userName);
  return sessions.endAll({ accountId: scope.accountId, userId: user.id });
}

export function callerIdentity(caller: Caller): { account: string; arn: string; userId: string } {
  return { account: caller.accountId, arn: caller.arn, userId: caller.userId };
}
