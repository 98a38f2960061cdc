// The one place errors become what a client sees. Domain errors keep their code, message and
// client-safe details; GraphQL's own errors (syntax, validation, argument coercion) keep their
// message and code; anything else is masked. Every code comes from the table in errors.ts.
// This function never throws.
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { unstorableTextError } from '../db/unstorable-text.ts';
import { codeExtensions, ERROR_CODES, GatehouseError, INTERNAL_ERROR_MESSAGE, isErrorCode, type ErrorCode } from '../errors.ts';
import { withoutVariableValues } from './coercion-message.ts';
import { queryLimitOf } from './query-limits.ts';

export { INTERNAL_ERROR_MESSAGE } from '../errors.ts';

/** The codes Apollo Server and graphql-js raise that a client is shown as they are. */
const CLIENT_CODES = new Set((Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => 'fromApollo' in ERROR_CODES[code]));

// graphql-js appends "Did you mean ...?" to unknown fields, arguments, types and enum values:
// a map of the schema for whoever probes it, even with introspection off. Names hold no `?`.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

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
      return { ...base, message: UNAVAILABLE_MESSAGE, extensions: codeExtensions('SERVICE_UNAVAILABLE') };
    }
    const code = clientCode(formatted.extensions?.code, error);
    if (code) {
      const limit = queryLimitOf(code, formatted.message, formatted.extensions);
      if (limit) return { ...base, message: limit.message, extensions: codeExtensions('QUERY_LIMIT_EXCEEDED', { limit: limit.limit }) };
      return { ...base, message: withoutVariableValues(formatted.message.replace(SUGGESTION, ''), reasonOf(error)), extensions: codeExtensions(code) };
    }
    return { ...base, message: INTERNAL_ERROR_MESSAGE, extensions: codeExtensions('INTERNAL_SERVER_ERROR') };
  } catch {
    return { message: INTERNAL_ERROR_MESSAGE, extensions: codeExtensions('INTERNAL_SERVER_ERROR') };
  }
}

/**
 * The code of a client's mistake that Apollo or graphql-js reported, if this is one. Apollo
 * raises a few request errors with an HTTP 4xx status and no code (a persisted query of an
 * unknown version, a hash that does not match its query): those are BAD_REQUEST, not internal.
 */
function clientCode(code: unknown, error: unknown): ErrorCode | undefined {
  if (isResolverFailure(error)) return undefined;
  if (isErrorCode(code) && CLIENT_CODES.has(code)) return code;
  const status = (error as { extensions?: { http?: { status?: unknown } } }).extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? 'BAD_REQUEST' : undefined;
}

/**
 * A domain error raised outside a resolver (by a plugin, before execution): Apollo wraps it,
 * sometimes twice (a GraphQLError from another copy of graphql is not `instanceof` this one's).
 */
function domainError(error: unknown): GatehouseError | undefined {
  let current: unknown = error;
  for (let hops = 0; hops < 3 && current instanceof Error; hops++) {
    if (current instanceof GatehouseError) return current;
    const unstorable = unstorableTextError(current);
    if (unstorable) return unstorable;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** The message of the error behind a GraphQL error (a variable coercion's reason), if any. */
function reasonOf(error: unknown): string | undefined {
  const original = (error as { originalError?: unknown }).originalError;
  return original instanceof Error ? original.message.replace(SUGGESTION, '') : undefined;
}

/** A resolver that threw something other than a GatehouseError: never shown as is. */
function isResolverFailure(error: unknown): boolean {
  return unwrapResolverError(error) !== error;
}

/** Whether an error is unexpected (worth an error log line), as opposed to a client's mistake. */
export function isUnexpected(error: unknown): boolean {
  const original = domainError(error) ?? unwrapResolverError(error);
  if (original instanceof GatehouseError) return false;
  return clientCode((error as { extensions?: { code?: unknown } }).extensions?.code, error) === undefined;
}
