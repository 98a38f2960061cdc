// The one place errors become what a client sees. Domain errors keep their code, message and
// client-safe details; GraphQL's own errors (syntax, validation, argument coercion) keep their
// message and code; anything else is masked. This function never throws.
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { GatehouseError } from '../errors.ts';

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export const INTERNAL_ERROR_MESSAGE = 'internal error: the request id in the x-request-id header identifies it in the logs';
export const UNAVAILABLE_MESSAGE = 'the database did not answer in time: retry later';

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  try {
    const original = unwrapResolverError(error);
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
      return { ...base, message: formatted.message, extensions: { code } };
    }
    return { ...base, message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  } catch {
    return { message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}

/** A resolver that threw something other than a GatehouseError: never shown as is. */
function isResolverFailure(error: unknown): boolean {
  return unwrapResolverError(error) !== error;
}

/** Whether an error is unexpected (worth an error log line), as opposed to a client's mistake. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GatehouseError) return false;
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return !(typeof code === 'string' && CLIENT_CODES.has(code) && !isResolverFailure(error));
}
