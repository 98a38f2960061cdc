// signOut, revokeSessions and callerIdentity: the caller's sessions and who it is. The two that
// end sessions do it in a transaction, with their audit record.
import type { Caller } from '../auth/caller.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { findUser } from './lookups.ts';
import type { Scope } from './scope.ts';
import { inTransaction } from './transactions.ts';

/** Ends the caller's own session; false when the request was signed with an access key. */
export async function signOut(scope: Scope, caller: Caller, sessions: SessionStore): Promise<boolean> {
  const { credential } = caller;
  if (credential.kind !== 'Session') return false;
  return inTransaction(scope, (tx) => sessions.end(credential.sessionId, tx));
}

/** Ends every session of the named user of the caller's account, or of the caller itself. */
export async function revokeSessions(scope: Scope, caller: Caller, sessions: SessionStore, userName: string | null | undefined): Promise<number> {
  if (userName == null) {
    return inTransaction(scope, (tx) => sessions.endAll({ accountId: caller.accountId, userId: caller.type === 'Root' ? null : caller.userId }, undefined, tx));
  }
  return inTransaction(scope, async (tx) => {
    const user = await findUser(tx, scope, userName);
    return sessions.endAll({ accountId: scope.accountId, userId: user.id }, undefined, tx);
  });
}

export function callerIdentity(caller: Caller): { account: string; arn: string; userId: string } {
  return { account: caller.accountId, arn: caller.arn, userId: caller.userId };
}
