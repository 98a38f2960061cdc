// Every operation needs a valid credential, except signIn (and `{ __typename }` alone, what
// liveness probes send): an operation without one is refused
// whole (UNAUTHENTICATED, HTTP 401) before anything runs. signIn runs alone, once per operation:
// fifty aliased sign-ins would be fifty password hashes for one request. A session that must change its password
// may only change it, sign out and ask who it is (PASSWORD_RESET_REQUIRED, HTTP 403). A request
// whose credential was presented and is invalid never gets here (server.ts refuses it).
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../context.ts';
import { badInput, ERROR_CODES, GatehouseError, type ErrorCode } from '../errors.ts';
import { rootFieldNames } from './root-fields.ts';

/** Root fields that run without a credential (`__typename` names the root type, nothing more). */
export const ANONYMOUS_FIELDS: ReadonlySet<string> = new Set(['signIn', '__typename']);
/** Root fields a session that must change its password may run. */
const PASSWORD_RESET_FIELDS: ReadonlySet<string> = new Set(['changePassword', 'signOut', 'callerIdentity', '__typename']);

type Refusal = Extract<ErrorCode, 'UNAUTHENTICATED' | 'PASSWORD_RESET_REQUIRED'>;

const refuse = (code: Refusal, message: string): never => {
  const error = new GatehouseError(code, message);
  const headers = code === 'UNAUTHENTICATED' ? { headers: new Map([['www-authenticate', 'Bearer']]) } : {};
  throw new GraphQLError(message, { originalError: error, extensions: { code, http: { status: ERROR_CODES[code].status, ...headers } } });
};

export const credentialRequired: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, contextValue }) {
        if (!operation) return; // Apollo refuses it (OPERATION_RESOLUTION_FAILURE)
        const fields = rootFieldNames(operation, document);
        if (fields.has('signIn') && (fields.size > 1 || countSelections(operation, 'signIn') > 1)) {
          const message = 'signIn must be the only field of its operation, and appear once';
          const error = badInput('signIn', message);
          throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: ERROR_CODES.BAD_USER_INPUT.status } } });
        }
        if (!contextValue.authenticated) {
          // `{ __typename }` alone answers too: a liveness probe's query, which reveals only that
          // this is a GraphQL endpoint. Any other field needs a credential.
          const anonymous = [...fields].every((field) => ANONYMOUS_FIELDS.has(field));
          if (!anonymous) refuse('UNAUTHENTICATED', 'a valid credential is required: sign in (signIn), or sign the request with an access key');
          return;
        }
        const { credential } = contextValue.caller;
        if (credential.kind === 'Session' && credential.passwordResetRequired && ![...fields].every((field) => PASSWORD_RESET_FIELDS.has(field))) {
          refuse('PASSWORD_RESET_REQUIRED', 'the password must be changed first (changePassword); until then only changePassword, signOut and callerIdentity run');
        }
      },
    };
  },
};

/** How often `field` is selected at the root (aliases and fragments included, merged ones too). */
function countSelections(operation: OperationDefinitionNode, field: string): number {
  let count = 0;
  const pending = [operation.selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) count += selection.name.value === field ? 1 : 0;
      else if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      else count += 2; // a fragment spread beside signIn: refused, whatever it holds
    }
  }
  return count;
}

/**
 * THROTTLING refuses the whole request (signIn runs alone): HTTP 429 with `Retry-After`, and no
 * `data`, as rate limits answer everywhere.
 */
export const throttlingStatus: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        let retryAfter = 0;
        for (const error of response.body.singleResult.errors ?? []) {
          if (error.extensions?.code === 'THROTTLING') retryAfter = Math.max(retryAfter, Number(error.extensions.retryAfterSeconds) || 1);
        }
        if (!retryAfter) return;
        delete response.body.singleResult.data;
        response.http.status = ERROR_CODES.THROTTLING.status;
        response.http.headers.set('retry-after', String(retryAfter));
      },
    };
  },
};
