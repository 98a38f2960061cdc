// Expensive root fields (the catalog's `heavy`) are counted per principal per minute once the
// operation is known and before anything runs: the whole request is the unit a client retries,
// and only here are all its root fields and their arguments known before the first resolver
// starts (the authorization wrapper sees one field at a time, its siblings possibly running).
// Over GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL the request is refused whole with THROTTLING
// (throttlingStatus turns it into HTTP 429 with Retry-After); no resolver runs.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, valueFromASTUntyped, type ConstValueNode, type DocumentNode, type FieldNode, type GraphQLField, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { HeavyOperationLimit } from '../auth/heavy-limit.ts';
import { ROOT_CATALOGS } from '../authorization/catalog.ts';
import type { Args } from '../authorization/targets.ts';
import type { RequestContext } from '../context.ts';
import { ERROR_CODES, GatehouseError } from '../errors.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { UNAVAILABLE_MESSAGE } from './format-error.ts';
import { rootFieldsByKey } from './root-fields.ts';

/**
 * How many heavy root fields an operation runs: each response key once (fields under @skip or
 * @include count as if they ran). The catalog's predicates see each argument as sent, a missing
 * one as its default (argumentsOf).
 */
export function countHeavyFields(schema: GraphQLSchema, operation: OperationDefinitionNode, document: DocumentNode, variables: Readonly<Record<string, unknown>>): number {
  const rootType = schema.getRootType(operation.operation);
  const catalog = rootType ? ROOT_CATALOGS[rootType.name] : undefined;
  if (!rootType || !catalog) return 0;
  const definitions = rootType.getFields();
  const defaults = new Map(operation.variableDefinitions?.map((d) => [d.variable.name.value, d.defaultValue]) ?? []);
  let count = 0;
  for (const field of rootFieldsByKey(operation, document).values()) {
    const entry = Object.hasOwn(catalog, field.name.value) ? catalog[field.name.value] : undefined;
    const definition = definitions[field.name.value];
    if (!entry?.heavy || !definition) continue;
    // arguments are read only for the fields whose weight depends on them
    if (entry.heavy === true || entry.heavy(argumentsOf(definition, field, variables, defaults))) count++;
  }
  return count;
}

/**
 * A field's arguments as sent, without coercion: literals and variables as given (a variable
 * that was not sent takes its default, else the argument's), the schema's default for the
 * others. Enough for the catalog's size checks; a value that does not fit fails the request
 * before anything runs anyway. (graphql-js's getArgumentValues cannot be used on Apollo's
 * schema where two copies of graphql are loaded, as under vitest.)
 */
function argumentsOf(
  definition: GraphQLField<unknown, unknown>,
  field: FieldNode,
  variables: Readonly<Record<string, unknown>>,
  defaults: ReadonlyMap<string, ConstValueNode | undefined>,
): Args {
  const args: Args = {};
  for (const argument of definition.args) if (argument.defaultValue !== undefined) args[argument.name] = argument.defaultValue;
  for (const { name, value } of field.arguments ?? []) {
    if (value.kind !== Kind.VARIABLE) args[name.value] = valueFromASTUntyped(value, variables);
    else if (Object.hasOwn(variables, value.name.value)) args[name.value] = variables[value.name.value];
    else if (defaults.get(value.name.value)) args[name.value] = valueFromASTUntyped(defaults.get(value.name.value)!);
  }
  return args;
}

export function heavyOperationLimit(limit: HeavyOperationLimit): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          // without a credential credentialRequired refuses it (or it is signIn, never heavy)
          if (!operation || !contextValue.authenticated || limit.limits.perPrincipal <= 0) return;
          const count = countHeavyFields(schema, operation, document, request.variables ?? {});
          if (!count) return;
          const retryAfterSeconds = await limit.take(contextValue.caller.arn, count, contextValue.now).catch(unavailable);
          if (retryAfterSeconds === undefined) return;
          const refusal = new GatehouseError(
            'THROTTLING',
            `too many expensive operations by this principal: at most ${limit.limits.perPrincipal} a minute: try again in ${retryAfterSeconds} s`,
            { retryAfterSeconds },
          );
          throw new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: refusal.code, http: { status: ERROR_CODES.THROTTLING.status } } });
        },
      };
    },
  };
}

// Outside a resolver, format-error.ts cannot see the driver's error behind Apollo's wrapping:
// the database not answering is told here, the same as everywhere (SERVICE_UNAVAILABLE, 503).
function unavailable(error: unknown): never {
  if (!isDatabaseUnavailable(error)) throw error;
  const refusal = new GatehouseError('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE);
  throw new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: refusal.code, http: { status: ERROR_CODES.SERVICE_UNAVAILABLE.status } } });
}
