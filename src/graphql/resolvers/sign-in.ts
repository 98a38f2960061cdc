// Signing in and out, and who the caller is: thin calls into src/auth and its services.
import type { MutationResolvers, QueryResolvers } from '../../generated/graphql.ts';
import { callerIdentity, revokeSessions, signOut } from '../../services/caller-sessions.ts';

export const signInQueries: QueryResolvers = {
  callerIdentity: (_root, _args, { caller }) => callerIdentity(caller),
};

export const signInMutations: MutationResolvers = {
  signIn: (_root, { input }, { auth, sourceIp, now, audit, auditSlot }) => auth.signIn.signIn(input, sourceIp, now, audit.successWithin(auditSlot)),
  signOut: async (_root, _args, { scope, caller, auth }) => ({ sessionEnded: await signOut(scope, caller, auth.sessions) }),
  revokeSessions: async (_root, { input }, { scope, caller, auth }) => ({ revokedCount: await revokeSessions(scope, caller, auth.sessions, input.userName) }),
};
