// The global condition keys the server knows about a stored principal, and the rule that a
// caller can never override them: any caller-supplied key of the principal's (aws:username,
// aws:userid, aws:Principal*) is dropped before the server's own are added.
import { ROLE_SESSION_NAME, type ContextEntry, type ContextKeyType } from '../../policy/index.ts';
import type { PrincipalRecord } from './load-principal.ts';

/** Keys only the server sets for a stored principal: a caller cannot give them, so they are never open. */
export const PRINCIPAL_KEY = /^aws:(username|userid|principal)/i;

/** A context entry as a client sends it (GraphQL gives absent fields as null). */
export interface CallerContextEntry {
  key: string;
  values: readonly string[];
  type?: ContextKeyType | null;
}

/** The caller's entries in the engine's shape. */
export function fromCallerContext(entries: readonly CallerContextEntry[] | null | undefined): ContextEntry[] {
  return (entries ?? []).map(({ key, values, type }) => (type ? { key, values: [...values], type } : { key, values: [...values] }));
}

/**
 * The principal's own keys: identity, type, account and tags. A role is evaluated as its session
 * `ROLE_SESSION_NAME` (see parsePrincipal), so its keys are that session's: aws:PrincipalArn is
 * the role's ARN and aws:userid is `ROLEID:session`, as AWS gives them for a role session.
 * aws:PrincipalIsAWSService and aws:username come from the ARN, in the engine.
 */
export function principalContext(principal: PrincipalRecord): ContextEntry[] {
  const userid = principal.kind === 'user' ? principal.uniqueId : `${principal.uniqueId}:${ROLE_SESSION_NAME}`;
  const entries: ContextEntry[] = [
    { key: 'aws:PrincipalArn', values: [principal.arn] },
    { key: 'aws:PrincipalAccount', values: [principal.accountId] },
    { key: 'aws:PrincipalType', values: [principal.kind === 'user' ? 'User' : 'AssumedRole'] },
    { key: 'aws:userid', values: [userid] },
    ...principal.tags.map((tag) => ({ key: `aws:PrincipalTag/${tag.key}`, values: [tag.value] })),
  ];
  if (principal.tags.length > 0) {
    entries.push({ key: 'aws:PrincipalTagKeys', values: principal.tags.map((tag) => tag.key), type: 'STRING_LIST' });
  }
  return entries;
}

/** Request time keys, unless the caller asks about another moment (what-if evaluation). */
export function timeContext(now: Date, callerEntries: readonly ContextEntry[]): ContextEntry[] {
  const given = new Set(callerEntries.map((entry) => entry.key.toLowerCase()));
  const entries: ContextEntry[] = [];
  if (!given.has('aws:currenttime')) entries.push({ key: 'aws:CurrentTime', values: [now.toISOString()], type: 'DATE' });
  if (!given.has('aws:epochtime')) entries.push({ key: 'aws:EpochTime', values: [String(Math.floor(now.getTime() / 1000))], type: 'NUMERIC' });
  return entries;
}

/** The context evaluateAccess evaluates with: the caller's keys, then the server's on top. */
export function requestContextEntries(principalEntries: readonly ContextEntry[], callerEntries: readonly ContextEntry[], now: Date): ContextEntry[] {
  const allowed = callerEntries.filter((entry) => !PRINCIPAL_KEY.test(entry.key));
  return [...allowed, ...timeContext(now, allowed), ...principalEntries];
}
