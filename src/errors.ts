// The one error vocabulary. Services throw a GatehouseError with a code; the GraphQL error
// formatter (graphql/format-error.ts) turns it into `extensions.code` and masks anything else.
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NO_SUCH_ENTITY'
  | 'ENTITY_ALREADY_EXISTS'
  | 'DELETE_CONFLICT'
  | 'LIMIT_EXCEEDED'
  | 'MALFORMED_POLICY_DOCUMENT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export class GatehouseError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, client-safe detail for `extensions` (never internals). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GatehouseError';
  }
}

/** An invalid argument; `field` is its name as the client wrote it (e.g. `userName`). */
export const badInput = (field: string, message: string) =>
  new GatehouseError('BAD_USER_INPUT', `\`${field}\`: ${message}`, { field });

export const noSuchEntity = (kind: string, name: string) =>
  new GatehouseError('NO_SUCH_ENTITY', `${kind} \`${name}\` does not exist`);

export const alreadyExists = (kind: string, name: string) =>
  new GatehouseError('ENTITY_ALREADY_EXISTS', `${kind} \`${name}\` already exists`);

export const deleteConflict = (kind: string, name: string, blockers: string[]) =>
  new GatehouseError('DELETE_CONFLICT', `cannot delete ${kind} \`${name}\`: it still has ${blockers.join(', ')}`, { blockers });

export const limitExceeded = (message: string) => new GatehouseError('LIMIT_EXCEEDED', message);

/**
 * Codes of requests refused before any resolver runs (by the HTTP layer, Apollo or the query
 * limits); with ErrorCode, the whole vocabulary. schema.graphql documents both.
 */
export const REQUEST_ERROR_CODES = [
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_LIMIT_EXCEEDED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
] as const;
export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];
