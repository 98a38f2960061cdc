// The one place errors become what a client sees. Domain errors keep their code, message and
// client-safe details; GraphQL's own errors (syntax, validation, argument coercion) keep their
// message and code; anything else is masked. This function never throws.
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { GatehouseError, REQUEST_ERROR_CODES } from '../errors.ts';
import { queryLimitOf } from './query-limits.ts';

// BAD_USER_INPUT: Apollo's code for variables that do not coerce to their types.
const CLIENT_CODES = new Set<string>([...REQUEST_ERROR_CODES, 'BAD_USER_INPUT']);

// graphql-js appends "Did you mean ...?" to unknown fields, arguments, types and enum values:
// a map of the schema for whoever probes it, even with introspection off. Names hold no `?`.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export const INTERNAL_ERROR_MESSAGE = 'internal error: the request id in the x-request-id header identifies it in the logs';
export const UNAVAILABLE_MESSAGE = 'the database did not answer in time: retry later';

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  try {
    const original = domainError(error) ?? unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof GatehouseError) {
      return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    // Down, unreachable or too slow: the client may retry; the driver's words stay in here.
    if (isDatabaseUnavailable(original)) {
      return { ...base, message: UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code) && !isResolverFailure(error)) {
      const limit = queryLimitOf(code, formatted.message, formatted.extensions);
      if (limit) return { ...base, message: limit.message, extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: limit.limit } };
      return { ...base, message: formatted.message.replace(SUGGESTION, ''), extensions: { code } };
    }
    return { ...base, message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  } catch {
    return { message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}

/**
 * A domain error raised outside a resolver (by a plugin, before execution): Apollo wraps it,
 * sometimes twice (a GraphQLError from another copy of graphql is not `instanceof` this one's).
 */
function domainError(error: unknown): GatehouseError | undefined {
  let current: unknown = error;
  for (let hops = 0; hops < 3 && current instanceof Error; hops++) {
    if (current instanceof GatehouseError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** A resolver that threw something other than a GatehouseError: never shown as is. */
function isResolverFailure(error: unknown): boolean {
  return unwrapResolverError(error) !== error;
}

/** Whether an error is unexpected (worth an error log line), as opposed to a client's mistake. */
export function isUnexpected(error: unknown): boolean {
  const original = domainError(error) ?? unwrapResolverError(error);
  if (original instanceof GatehouseError) return false;
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return !(typeof code === 'string' && CLIENT_CODES.has(code) && !isResolverFailure(error));
}
