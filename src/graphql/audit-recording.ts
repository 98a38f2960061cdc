// The audit trail's edge: every root field of a mutation (signIn included), and of a query when
// the server records queries, runs inside `audited`, which drafts the record before the resolver
// and writes what no transaction wrote after it: a success inside the mutation's own
// transaction (services/transactions.ts), a failure here once that transaction rolled back.
// `auditRefusals` records the root fields refused before they ran (a credential that must change
// its password, a denial by a plugin, invalid arguments), which no resolver saw.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFieldResolver } from 'graphql';
import type { RequestContext } from '../context.ts';
import { logSafeError } from '../log-safe-error.ts';
import { eventNameOf, resourcesOf, type AuditDraft } from '../services/audit/audit-draft.ts';
import { outcomeOfError, SUCCESS } from '../services/audit/audit-recorder.ts';
import { rootFieldNames } from './root-fields.ts';

type Resolver = GraphQLFieldResolver<unknown, RequestContext, Record<string, unknown>>;
/** Where a field answers: its name, and its key in the response. */
type FieldAt = { fieldName: string; path: { key: string | number } };
type ResolverMap = Record<string, unknown>;

/** `resolvers` with every Query and Mutation field wrapped by `audited`. */
export function withAuditRecording<T extends { Query?: unknown; Mutation?: unknown }>(resolvers: T): T {
  const wrap = (fields: unknown) =>
    Object.fromEntries(Object.entries((fields ?? {}) as ResolverMap).map(([name, resolve]) => [name, typeof resolve === 'function' ? audited(resolve as Resolver) : resolve]));
  return { ...resolvers, Query: wrap(resolvers.Query), Mutation: wrap(resolvers.Mutation) };
}

function audited(resolve: Resolver): Resolver {
  return async (root, args, context, info) => {
    const isMutation = info.parentType.name === 'Mutation';
    if (!isMutation && !context.audit.settings.recordQueries) return deniedRecorded(resolve, root, args, context, info);
    const draft = await draftOf(context, info, args, isMutation);
    if (!draft) return resolve(root, args, context, info);
    context.auditSlot.recordedFields.add(info.fieldName);
    // mutation fields run one after another; query fields may run side by side and write no transaction
    if (isMutation) context.auditSlot.current = draft;
    try {
      const result = await resolve(root, args, context, info);
      await write(context, draft, { outcome: SUCCESS, errorMessage: null, result });
      return result;
    } catch (error) {
      await write(context, draft, outcomeOfError(error));
      throw error;
    } finally {
      if (context.auditSlot.current === draft) context.auditSlot.current = undefined;
    }
  };
}

/** A query field the server does not record: only a denial of it is (every denial is). */
async function deniedRecorded(resolve: Resolver, ...[root, args, context, info]: Parameters<Resolver>): Promise<unknown> {
  try {
    return await resolve(root, args, context, info);
  } catch (error) {
    if (outcomeOfError(error).outcome === 'ACCESS_DENIED') {
      const draft = await draftOf(context, info, args, false);
      if (draft) await write(context, draft, outcomeOfError(error));
    }
    throw error;
  }
}

/** Writes a record unless the mutation's transaction did; a trail that cannot be written is logged, never the caller's error. */
async function write(context: RequestContext, draft: AuditDraft, ended: Parameters<RequestContext['audit']['record']>[1]): Promise<void> {
  try {
    await context.audit.record(context.auditSlot.completed(draft), ended);
  } catch (error) {
    context.logger.error({ error: logSafeError(error), operation: draft.operation }, 'audit record not written');
  }
}

/** The record a call will leave; undefined when there is no account to record it under (an anonymous call, a sign-in to an unknown account). */
async function draftOf(context: RequestContext, info: FieldAt, args: unknown, isMutation: boolean): Promise<AuditDraft | undefined> {
  const base = {
    time: context.now,
    requestId: context.requestId,
    sourceIp: context.sourceIp,
    userAgent: context.userAgent,
    operation: info.fieldName,
    responseKey: typeof info.path.key === 'string' ? info.path.key : info.fieldName,
    eventName: eventNameOf(info.fieldName),
    isMutation,
    decision: null,
    decidingStatement: null,
    written: false,
  };
  if (context.authenticated) {
    const { caller, scope } = context;
    const { credential } = caller;
    return {
      ...base,
      accountId: caller.accountId,
      principalArn: caller.arn,
      credentialId: credential.kind === 'Session' ? credential.sessionId : credential.accessKeyId,
      resources: resourcesOf(args, scope.partition, caller.accountId),
      input: args,
    };
  }
  if (info.fieldName !== 'signIn') return undefined;
  const input = ((args as { input?: Record<string, unknown> }).input ?? {}) as { email?: string | null; account?: string | null; userName?: string | null };
  const subject = await context.audit.signInSubject(input);
  if (!subject) return undefined;
  // only the names the attempt gave: never the password or the MFA code
  const named = { email: input.email ?? null, account: input.account ?? null, userName: input.userName ?? null };
  return { ...base, accountId: subject.accountId, principalArn: subject.principalArn, credentialId: null, resources: [subject.principalArn], input: { input: named } };
}

// A relationship field (User.groups) denied on a page of users is one record per field, naming
// the users it was denied on, rather than one per user.
async function recordDeniedRelationships(context: RequestContext): Promise<void> {
  for (const denied of context.auditSlot.deniedFields()) {
    const draft = await draftOf(context, { fieldName: denied.field, path: { key: denied.field } }, {}, false);
    if (!draft) continue;
    const { authorization } = denied;
    Object.assign(draft, { eventName: authorization.eventName, decision: authorization.decision, decidingStatement: authorization.decidingStatement, resources: [...denied.resources] });
    await write(context, draft, { outcome: 'ACCESS_DENIED', errorMessage: `\`${draft.principalArn}\` is not authorized to perform \`${authorization.eventName}\`` });
  }
}

export const auditRefusals: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ operation, document, contextValue, errors }) {
        if (!operation || !document || !errors?.length || !contextValue.authenticated) return;
        await recordDeniedRelationships(contextValue);
        const isMutation = operation.operation === 'mutation';
        if (!isMutation && !(operation.operation === 'query' && contextValue.audit.settings.recordQueries)) return;
        const refusal = outcomeOfError(errors[0]);
        for (const field of rootFieldNames(operation, document)) {
          if (field.startsWith('__') || contextValue.auditSlot.recordedFields.has(field)) continue;
          const draft = await draftOf(contextValue, { fieldName: field, path: { key: field } }, {}, isMutation);
          if (draft) await write(contextValue, draft, refusal);
        }
      },
    };
  },
};
