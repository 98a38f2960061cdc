// The one error vocabulary: every `extensions.code` a client can receive, with when it happens,
// what the client should do and the HTTP status of a request it refuses whole. Services throw a
// GatehouseError with a code; graphql/format-error.ts turns it into `extensions.code`, passes
// through the codes Apollo itself raises and masks anything else; server.ts answers the requests
// it refuses before Apollo with `httpRefusal`. Adding a code is adding a row here:
// test/api/errors.test.ts keeps the list atop schema.graphql and README.md equal to this table,
// triggers every code through the API, and refuses a code written as a literal elsewhere.

export interface ErrorCodeInfo {
  /** When a client receives it. */
  readonly when: string;
  /** What the client should do about it. */
  readonly action: string;
  /** The HTTP status when it refuses the whole request (no field ran, no `data`). */
  readonly status?: number;
  /** Whether a field's error carries it (HTTP 200, the other fields still answer). */
  readonly inFields: boolean;
  /** Raised by Apollo Server or graphql-js themselves; format-error.ts shows it as is. */
  readonly fromApollo?: true;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: {
    when: 'an argument is invalid: `extensions.field` names it and `extensions.problems` lists every problem of an input (`{field, message}`); or a variable does not fit its type, which refuses the whole request',
    action: 'correct the named argument or variable and send again; the same request fails the same way',
    status: 400,
    inFields: true,
    fromApollo: true,
  },
  NO_SUCH_ENTITY: {
    when: 'a mutation names a user, group, role, policy, version, attachment or membership that does not exist (queries that look one thing up answer null instead, without an error)',
    action: 'check the name or ARN (a list query shows what exists), or create the entity first',
    inFields: true,
  },
  ENTITY_ALREADY_EXISTS: {
    when: 'the name is taken in this account (names ignore case)',
    action: 'choose another name, or use the existing entity',
    inFields: true,
  },
  DELETE_CONFLICT: {
    when: 'the entity still has members, attachments, versions or credentials; `extensions.blockers` lists them',
    action: 'detach or delete what the message lists, then delete again',
    inFields: true,
  },
  UNMODIFIABLE_ENTITY: {
    when: 'a mutation would change or delete a built-in managed policy (`arn:aws:iam::aws:policy/...`: AdministratorAccess, IAMReadOnlyAccess, ...), which is read-only (AWS UnmodifiableEntity)',
    action: 'attach the built-in policy as it is, or create a customer managed policy from its document and change that one',
    inFields: true,
  },
  LIMIT_EXCEEDED: {
    when: 'an AWS IAM quota would be exceeded (e.g. 5 versions of a managed policy), or one operation asks for more than 1000 access decisions, which refuses the whole request',
    action: 'make room first (e.g. delete an old policy version), or split the decisions over several requests',
    status: 400,
    inFields: true,
  },
  MALFORMED_POLICY_DOCUMENT: {
    when: 'a policy document has findings of type ERROR: `extensions.field` names the argument holding it and `extensions.findings` lists its findings, each with the fields of the `ValidationFinding` type; `extensions.documents` lists every malformed document of the request as `{field, findings}`',
    action: 'fix every ERROR finding (validatePolicy checks a document without writing anything) and send again',
    inFields: true,
  },
  UNAUTHENTICATED: {
    when: 'the request carries no valid credential: no `Authorization` header on an operation other than signIn (or `{ __typename }` alone), or a session token or signed request that is unknown, expired, revoked, malformed or signed wrongly; the message never says which',
    action: 'sign in again (signIn) and send `Authorization: Bearer <sessionToken>`, or sign the request with an active access key (AWS Signature Version 4, service `iam`)',
    status: 401,
    inFields: false,
  },
  SIGN_IN_FAILED: {
    when: 'signIn did not succeed: the account, user name, email, password or MFA code is wrong, or the user is locked after repeated failures; the message is the same whatever the reason',
    action: 'check what was typed and try again; after 10 failures in a row the user is locked for a minute (doubling, up to 15 minutes), and every attempt then fails alike',
    inFields: true,
  },
  THROTTLING: {
    when: 'too many sign-in attempts from this address or for this user name or email in the last minute, too many at once for the server to check, or too many expensive operations by this principal this minute (README, Rate limits on expensive operations); the `Retry-After` header (and `extensions.retryAfterSeconds`) says when to try again',
    action: 'wait the number of seconds in `Retry-After`, then try again',
    status: 429,
    inFields: false,
  },
  PASSWORD_POLICY_VIOLATION: {
    when: 'a new password breaks the account\'s password policy (or the default one): too short or long, a required kind of character missing, one of the last passwords, a common password, or the policy does not let users change their own',
    action: 'choose another password; the message says which rule it broke',
    inFields: true,
  },
  PASSWORD_RESET_REQUIRED: {
    when: 'the session was opened with a password that must be changed first: it may only call changePassword, signOut and callerIdentity',
    action: 'call changePassword, then sign in again with the new password',
    status: 403,
    inFields: false,
  },
  INVALID_AUTHENTICATION_CODE: {
    when: 'an MFA code given to enableMFADevice is not the device\'s current one, or the two codes are not consecutive',
    action: 'type two consecutive codes from the authenticator app, the second after it changes',
    inFields: true,
  },
  ACCESS_DENIED: {
    when: 'the caller\'s policies do not allow the field\'s IAM action on its resource (`extensions.action` names the action), or the field acts on another account\'s entities, whether or not they exist; the field answers null and changes nothing, the other fields still answer',
    action: 'ask an administrator for a policy that allows the action (the field descriptions and README list each field\'s action), or call as a principal that has one',
    inFields: true,
  },
  SERVICE_UNAVAILABLE: {
    when: 'the database is down, unreachable or too slow to answer in time (HTTP 503 when it happens while the credential is checked, before any field runs), or too many passwords are being hashed at once; a mutation cut off while its commit was under way is wholly applied or not at all, never in part',
    action: 'retry later; read before retrying a mutation that is not idempotent',
    status: 503,
    inFields: true,
  },
  INTERNAL_SERVER_ERROR: {
    when: 'anything unexpected: a fault of the server, never of the request; the details are only in the logs',
    action: 'retry later; if it persists, report the `x-request-id` response header, which finds the failure in the logs',
    status: 500,
    inFields: true,
  },
  BAD_REQUEST: {
    when: 'the HTTP request is not a GraphQL request Gatehouse accepts: the body is not strict JSON (a repeated key, nesting deeper than 64), there is no `query`, a GET lacks the `apollo-require-preflight` header (CSRF prevention), a mutation came by GET (HTTP 405), or a persisted query hash does not fit',
    action: 'fix the request; GraphQL client libraries send well-formed requests (by POST) on their own',
    status: 400,
    inFields: false,
    fromApollo: true,
  },
  PAYLOAD_TOO_LARGE: {
    when: 'the request body is over 1 MB; the connection is closed',
    action: 'send less per request: split a batch, or send large documents in requests of their own',
    status: 413,
    inFields: false,
  },
  GRAPHQL_PARSE_FAILED: {
    when: 'the operation is not valid GraphQL syntax',
    action: 'fix the syntax at the location given',
    status: 400,
    inFields: false,
    fromApollo: true,
  },
  GRAPHQL_VALIDATION_FAILED: {
    when: 'the operation does not fit the schema (an unknown field, argument or enum value, a wrong type), or asks for introspection while it is off',
    action: 'fix the operation against schema.graphql; regenerate typed clients after a schema change',
    status: 400,
    inFields: false,
    fromApollo: true,
  },
  QUERY_LIMIT_EXCEEDED: {
    when: 'the operation is over a limit (README.md, section Limits); `extensions.limit` is `depth`, `aliases`, `directives`, `tokens` or `cost`',
    action: 'ask for less in one operation (fewer fields, aliases or levels, a smaller `first`), or raise the matching `GRAPHQL_MAX_*` setting',
    status: 400,
    inFields: false,
  },
  PERSISTED_QUERY_NOT_FOUND: {
    when: 'a request sent only the hash of an automatic persisted query that the server does not hold (yet, or any more)',
    action: 'send the same request again with the full `query`; Apollo Client\'s persisted-queries link does this itself',
    status: 200,
    inFields: false,
    fromApollo: true,
  },
  OPERATION_RESOLUTION_FAILURE: {
    when: 'the request\'s `operationName` is not an operation of its document, or the document holds several operations and the request names none',
    action: 'send the name of the operation to run in `operationName`',
    status: 400,
    inFields: false,
    fromApollo: true,
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes of requests refused whole, with the HTTP status they carry. */
export type RefusalCode = { [C in ErrorCode]: (typeof ERROR_CODES)[C] extends { status: number } ? C : never }[ErrorCode];

export const INTERNAL_ERROR_MESSAGE = 'internal error: the request id in the x-request-id header identifies it in the logs';

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

export const unmodifiable = (kind: string, name: string) =>
  new GatehouseError('UNMODIFIABLE_ENTITY', `${kind} \`${name}\` is built in and cannot be changed`);

export const limitExceeded = (message: string) => new GatehouseError('LIMIT_EXCEEDED', message);

/** `extensions` for a GraphQLError raised where a GatehouseError cannot go (scalars, plugins). */
export const codeExtensions = (code: ErrorCode, extra: Record<string, unknown> = {}) => ({ ...extra, code });

/** Whether `code` is one of ours: format-error.ts shows only those. */
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);

/** The HTTP status and body of a request the HTTP layer refuses before GraphQL runs. */
export function httpRefusal(code: RefusalCode, message: string): { status: number; body: { errors: [{ message: string; extensions: { code: ErrorCode } }] } } {
  return { status: ERROR_CODES[code].status, body: { errors: [{ message, extensions: { code } }] } };
}
