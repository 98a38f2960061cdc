// Tells the access key's usage record (auth/key-usage.ts) what a signed request ran: the
// operation's first root field, known once the operation is resolved. Authentication alone
// cannot say, as it runs before GraphQL reads the request.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context.ts';
import { rootFieldNames } from './root-fields.ts';

export const keyUsageRecording: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, contextValue }) {
        if (!operation || !contextValue.authenticated) return;
        const { credential } = contextValue.caller;
        if (credential.kind !== 'AccessKey') return;
        const fields = [...rootFieldNames(operation, document)];
        const field = fields.find((name) => !name.startsWith('__')) ?? fields[0] ?? operation.operation;
        contextValue.auth.keyUsage.record(credential.accessKeyId, contextValue.now, field);
      },
    };
  },
};
