// Every operation needs a valid credential, except signIn: an operation without one is refused
// whole (UNAUTHENTICATED, HTTP 401) before anything runs. A session that must change its password
// may only change it, sign out and ask who it is (PASSWORD_RESET_REQUIRED, HTTP 403). A request
// whose credential was presented and is invalid never gets here (server.ts refuses it).
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context.ts';
import { ERROR_CODES, GatehouseError } from '../errors.ts';
import { rootFieldNames } from './root-fields.ts';

/** Root fields that run without a credential. */
export const ANONYMOUS_FIELDS: ReadonlySet<string> = new Set(['signIn', '__typename']);
/** Root fields a session that must change its password may run. */
const PASSWORD_RESET_FIELDS: ReadonlySet<string> = new Set(['changePassword', 'signOut', 'callerIdentity', '__typename']);

const refuse = (code: 'UNAUTHENTICATED' | 'PASSWORD_RESET_REQUIRED', message: string): never => {
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
        if (!contextValue.authenticated) {
          // `{ __typename }` alone is an operation too: it needs a credential like any other.
          const anonymous = fields.has('signIn') && [...fields].every((field) => ANONYMOUS_FIELDS.has(field));
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

/** THROTTLING from a field answers HTTP 429 with `Retry-After`, as rate limits do everywhere. */
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
        response.http.status = ERROR_CODES.THROTTLING.status;
        response.http.headers.set('retry-after', String(retryAfter));
      },
    };
  },
};
