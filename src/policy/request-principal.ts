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
  /** last path segment for users and roles */
  readonly name: string | null;
}

const IAM_ARN = /^arn:[^:]+:(iam|sts)::(\d{12}):(.+)$/;

/** Parses a request principal; service and other non-ARN principals get kind `other`. */
export function parsePrincipal(arn: string, type: PrincipalType = 'AWS'): RequestPrincipal {
  const match = type === 'AWS' ? IAM_ARN.exec(arn) : null;
  const account = match?.[2] ?? (type === 'AWS' && /^\d{12}$/.test(arn) ? arn : null);
  const base = { arn, type, account, roleName: null, name: null };
  if (!match) return { ...base, kind: account !== null ? 'root' : 'other' };
  const resource = match[3] ?? '';
  if (resource === 'root') return { ...base, kind: 'root' };
  const slash = resource.indexOf('/');
  const head = slash < 0 ? resource : resource.slice(0, slash);
  const tail = slash < 0 ? '' : resource.slice(slash + 1);
  const lastSegment = tail.slice(tail.lastIndexOf('/') + 1);
  switch (head) {
    case 'user': return { ...base, kind: 'user', name: lastSegment };
    case 'role': return { ...base, kind: 'role', name: lastSegment, roleName: lastSegment };
    case 'assumed-role': return { ...base, kind: 'assumed-role', roleName: tail.split('/')[0] ?? null, name: tail };
    case 'federated-user': return { ...base, kind: 'federated-user', name: tail };
    default: return { ...base, kind: 'other' };
  }
}
