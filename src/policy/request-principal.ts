// Reads the parts of a principal ARN that policy evaluation cares about:
// its account, whether it is the root user, and which role a session belongs to.
import type { PrincipalType } from './types.ts';

export type PrincipalKind = 'root' | 'user' | 'role' | 'assumed-role' | 'federated-user' | 'other';

export interface RequestPrincipal {
  readonly arn: string;
  readonly type: PrincipalType;
  readonly account: string | null;
  readonly kind: PrincipalKind;
  /** role name of an assumed-role session (sessions carry no role path) */
  readonly roleName: string | null;
  /** last path segment for users and roles; `role/session` for sessions */
  readonly name: string | null;
}

const IAM_ARN = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.+)$/;
const ACCOUNT_ID = /^\d{12}$/;

function principal(arn: string, type: PrincipalType, account: string | null, kind: PrincipalKind, roleName: string | null, name: string | null): RequestPrincipal {
  return { arn, type, account, kind, roleName, name };
}

/** Parses a request principal; service and other non-ARN principals get kind `other`. */
export function parsePrincipal(arn: string, type: PrincipalType = 'AWS'): RequestPrincipal {
  if (type !== 'AWS') return principal(arn, type, null, 'other', null, null);
  const match = IAM_ARN.exec(arn);
  if (!match) {
    const account = ACCOUNT_ID.test(arn) ? arn : null;
    return principal(arn, type, account, account !== null ? 'root' : 'other', null, null);
  }
  const account = match[1] ?? null;
  const resource = match[2] ?? '';
  if (resource === 'root') return principal(arn, type, account, 'root', null, null);
  const slash = resource.indexOf('/');
  const head = slash < 0 ? resource : resource.slice(0, slash);
  const tail = slash < 0 ? '' : resource.slice(slash + 1);
  const last = tail.slice(tail.lastIndexOf('/') + 1);
  switch (head) {
    case 'user': return principal(arn, type, account, 'user', null, last);
    case 'role': return principal(arn, type, account, 'role', last, last);
    case 'assumed-role': return principal(arn, type, account, 'assumed-role', tail.split('/')[0] ?? null, tail);
    case 'federated-user': return principal(arn, type, account, 'federated-user', null, tail);
    default: return principal(arn, type, account, 'other', null, null);
  }
}
