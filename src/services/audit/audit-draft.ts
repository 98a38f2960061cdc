// A record in the making: what the edge knows about a call (who, from where, which field) before
// it runs, and how it ended once it has. One slot per request holds the draft of the root field
// running now, so that the transaction helper can write it in the same transaction as the
// mutation (services/transactions.ts), and the edge writes it afterwards when nothing did.

export interface AuditDraft {
  accountId: string;
  time: Date;
  requestId: string;
  principalArn: string | null;
  credentialId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  operation: string;
  /** The root field's key in the response (its alias, or its name): how self-authorization finds the draft. */
  responseKey: string;
  eventName: string;
  resources: string[];
  /** The call's arguments, kept (redacted) in `changes` of a mutation's record. */
  input: unknown;
  isMutation: boolean;
  /** How self-authorization decided the call (ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY), and the statements that decided it. */
  decision: string | null;
  decidingStatement: unknown;
  /** Set once the record is committed: nothing writes a draft twice. */
  written: boolean;
}

/** What self-authorization tells the trail of one field (services/authorization/authorize-call.ts); never sent to the client. */
export interface AuthorizationSummary {
  /** The IAM action that decided, without its service prefix (`CreateUser`): CloudTrail's eventName. */
  eventName: string;
  /** The ARNs checked, as resolved (paths included); empty when nothing was resolved (root). */
  resources: string[];
  decision: 'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY';
  /** The statements that decided (the denying ones of a denial, the allowing ones otherwise), or why no statement did. */
  decidingStatement: unknown;
}

/** The most ARNs a record names. */
const MAX_RESOURCES = 20;

/** A relationship field (`User.groups`) denied on some of the objects it belongs to, in one request. */
export interface DeniedField {
  field: string;
  authorization: AuthorizationSummary;
  resources: Set<string>;
}

/** The request's audit state: the draft of the mutation field that runs now, the fields already recorded, and how each was authorized. */
export class AuditSlot {
  current: AuditDraft | undefined;
  readonly recordedFields = new Set<string>();
  readonly #authorizations = new Map<string, AuthorizationSummary>();
  readonly #deniedFields = new Map<string, DeniedField>();

  /** Self-authorization's hook: how it decided the root field answering under `responseKey`. */
  authorized(responseKey: string, authorization: AuthorizationSummary): void {
    this.#authorizations.set(responseKey, authorization);
    if (this.current?.responseKey === responseKey) applyAuthorization(this.current, authorization);
  }

  /** The draft as authorization left it (a query's draft is not `current`: query fields run side by side). */
  completed(draft: AuditDraft): AuditDraft {
    const authorization = this.#authorizations.get(draft.responseKey);
    if (authorization) applyAuthorization(draft, authorization);
    return draft;
  }

  /** Self-authorization's hook for relationship fields: a denial on one more parent object. */
  deniedField(field: string, authorization: AuthorizationSummary): void {
    const denied = this.#deniedFields.get(field) ?? { field, authorization, resources: new Set<string>() };
    for (const resource of authorization.resources) if (denied.resources.size < MAX_RESOURCES) denied.resources.add(resource);
    this.#deniedFields.set(field, denied);
  }

  /** The relationship fields denied in this request, one entry per field. */
  deniedFields(): DeniedField[] {
    return [...this.#deniedFields.values()];
  }
}

function applyAuthorization(draft: AuditDraft, authorization: AuthorizationSummary): void {
  draft.eventName = authorization.eventName;
  draft.decision = authorization.decision;
  draft.decidingStatement = authorization.decidingStatement;
  if (authorization.resources.length) draft.resources = authorization.resources.slice(0, MAX_RESOURCES);
}

/** The event name of a field no authorization named (an open field, or one refused before it ran): createUser is CreateUser. */
export function eventNameOf(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

const NAMED_ARNS: ReadonlyArray<[key: string, kind: string]> = [
  ['userName', 'user'],
  ['groupName', 'group'],
  ['roleName', 'role'],
];
/**
 * The ARNs a call's arguments name: every ARN given, and users, groups and roles by name (their
 * path is not known before the call runs, so these ARNs are path-less).
 */
export function resourcesOf(args: unknown, partition: string, accountId: string): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (found.size >= MAX_RESOURCES || depth > 4 || value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (typeof inner === 'string' && inner.startsWith('arn:') && inner.length <= 2048) found.add(inner);
      const named = NAMED_ARNS.find(([name]) => name === key);
      if (named && typeof inner === 'string' && inner.length <= 128) found.add(`arn:${partition}:iam::${accountId}:${named[1]}/${inner}`);
      if (typeof inner === 'object') visit(inner, depth + 1);
    }
  };
  visit(args, 0);
  return [...found].slice(0, MAX_RESOURCES);
}
