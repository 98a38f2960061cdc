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
  eventName: string;
  resources: string[];
  /** The call's arguments, kept (redacted) in `changes` of a mutation's record. */
  input: unknown;
  isMutation: boolean;
  /** Filled by self-authorization when it decided the call (i9-authz's hook). */
  decision: string | null;
  decidingStatement: unknown;
  /** Set once the record is committed: nothing writes a draft twice. */
  written: boolean;
}

/** The request's audit state: the draft of the root field that runs now, and the fields already recorded. */
export class AuditSlot {
  current: AuditDraft | undefined;
  readonly recordedFields = new Set<string>();
  readonly #decisions = new Map<string, { decision: string; decidingStatement: unknown }>();

  /** Self-authorization's hook: how it decided root field `field` (ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY), for that field's record. */
  decide(field: string, decision: string, decidingStatement: unknown = null): void {
    this.#decisions.set(field, { decision, decidingStatement });
  }

  decisionOf(field: string): { decision: string | null; decidingStatement: unknown } {
    return this.#decisions.get(field) ?? { decision: null, decidingStatement: null };
  }
}

/** IAM's event name for a root field: createUser is CreateUser (until the authorization catalog names them). */
export function eventNameOf(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

const NAMED_ARNS: ReadonlyArray<[key: string, kind: string]> = [
  ['userName', 'user'],
  ['groupName', 'group'],
  ['roleName', 'role'],
];
const MAX_RESOURCES = 20;

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
