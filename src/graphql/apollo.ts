// The Apollo Server instance: schema, error formatting and per-operation logging.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { HeavyOperationLimit } from '../auth/heavy-limit.ts';
import type { RequestContext } from '../context.ts';
import { logSafeError } from '../log-safe-error.ts';
import { auditRefusals, withAuditRecording } from './audit-recording.ts';
import { credentialRequired, throttlingStatus } from './credential-required.ts';
import { decisionBudget } from './decision-budget.ts';
import { formatError, isUnexpected } from './format-error.ts';
import { heavyOperationLimit } from './heavy-operations.ts';
import { keyUsageRecording } from './key-usage-recording.ts';
import { queryLimitRules, type QueryLimits } from './query-limits.ts';
import { resolvers } from './resolvers/index.ts';
import { readTypeDefs } from './schema.ts';

/** Logs each operation once, and every unexpected error with its stack (never to the client). */
const operationLogging: ApolloServerPlugin<RequestContext> = {
  async requestDidStart({ contextValue }) {
    const started = performance.now();
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (isUnexpected(error)) {
            contextValue.logger.error({ error: logSafeError(error.originalError ?? error), path: error.path }, 'unexpected error');
          }
        }
      },
      async willSendResponse({ operationName, errors }) {
        contextValue.logger.info(
          { operationName, durationMs: Math.round(performance.now() - started), errorCount: errors?.length ?? 0 },
          'graphql operation',
        );
      },
    };
  },
};

export function createApollo(limits: QueryLimits, heavy: HeavyOperationLimit): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    typeDefs: readTypeDefs(),
    resolvers: withAuditRecording(resolvers) as never,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: limits.introspection,
    ...queryLimitRules(limits),
    // No "Did you mean" in validation errors; format-error.ts removes the rest (variables).
    validationOptions: { hideSuggestions: true },
    // csrfPrevention is on by default: a GET (or a simple POST) needs a non-empty
    // `apollo-require-preflight` or `x-apollo-operation-name` header, which a browser
    // cannot send cross-site without a CORS preflight; and GET runs queries only.
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT and stops the HTTP server, Apollo and the database in order.
    stopOnTerminationSignals: false,
    plugins: [operationLogging, credentialRequired, decisionBudget, heavyOperationLimit(heavy), throttlingStatus, keyUsageRecording, auditRefusals],
  });
}
