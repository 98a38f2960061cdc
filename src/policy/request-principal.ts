// Reads the parts of a principal ARN that policy evaluation cares about:
// its account, whether it is the root user, and which role a session belongs to.
//
// A role never makes a request itself; its sessions do. So a request that names a role ARN is
// evaluated as a session of that role, `arn:aws:sts::ACCOUNT:assumed-role/NAME/gatehouse`:
// a resource policy naming the role then limits the grant by the role's boundary and session
// policies, exactly as AWS does for every request made with the role's credentials.
import type { PrincipalType } from './types.ts';

export type PrincipalKind = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'other';

/** The session name a request naming a role ARN is evaluated as. */
export const ROLE_SESSION_NAME = 'gatehouse';

export interface RequestPrincipal {
  /** the principal the request is evaluated as: for a role ARN, the role's session */
  readonly arn: string;
  /** the ARN as the request named it */
  readonly requested: string;
  readonly type: PrincipalType;
  readonly account: string | null;
  readonly kind: PrincipalKind;
  /** role name of an assumed-role session */
  readonly roleName: string | null;
  /** ARN of a session's role (aws:PrincipalArn); has the role's path only when the request gave it */
  readonly roleArn: string | null;
  /** ARN of the IAM user who federated a federated-user session, when the request says */
  readonly federatingUser: string | null;
  /** last path segment for users; `role/session` for sessions; the name of federated users */
  readonly name: string | null;
}

const IAM_ARN = /^arn:([^:]+):(?:iam|sts)::(\d{12}):(.+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const USER_ARN = /^arn:([^:]+):iam::(\d{12}):user\/(?:.*\/)?[^/]+$/;

interface Parts {
  account?: string | null;
  kind: PrincipalKind;
  roleName?: string | null;
  roleArn?: string | null;
  federatingUser?: string | null;
  name?: string | null;
  arn?: string;
}

function principal(requested: string, type: PrincipalType, parts: Parts): RequestPrincipal {
  return {
    arn: parts.arn ?? requested,
    requested,
    type,
    account: parts.account ?? null,
    kind: parts.kind,
    roleName: parts.roleName ?? null,
    roleArn: parts.roleArn ?? null,
    federatingUser: parts.federatingUser ?? null,
    name: parts.name ?? null,
  };
}

/**
 * Parses a request principal; service and other non-ARN principals get kind `other`.
 * `issuer` is the role or IAM user a session belongs to (AWS's session issuer): it gives a
 * session's role its path, and names the user who federated a federated-user session. One that
 * does not fit the session is ignored; see sessionIssuerFits.
 */
export function parsePrincipal(arn: string, type: PrincipalType = 'AWS', issuer?: string | null): RequestPrincipal {
  if (type !== 'AWS') return principal(arn, type, { kind: 'other' });
  const match = IAM_ARN.exec(arn);
  if (!match) {
    const account = ACCOUNT_ID.test(arn) ? arn : null;
    return principal(arn, type, { account, kind: account !== null ? 'root' : 'other' });
  }
  const partition = match[1] ?? 'aws';
  const account = match[2] ?? null;
  const resource = match[3] ?? '';
  if (resource === 'root') return principal(arn, type, { account, kind: 'root' });
  const slash = resource.indexOf('/');
  const head = slash < 0 ? resource : resource.slice(0, slash);
  const tail = slash < 0 ? '' : resource.slice(slash + 1);
  const last = tail.slice(tail.lastIndexOf('/') + 1);
  switch (head) {
    case 'user': return principal(arn, type, { account, kind: 'user', name: last });
    case 'role': {
      const session = `${last}/${ROLE_SESSION_NAME}`;
      return principal(arn, type, {
        arn: `arn:${partition}:sts::${account}:assumed-role/${session}`,
        account, kind: 'assumed-role', roleName: last, roleArn: arn, name: session,
      });
    }
    case 'assumed-role': {
      const roleName = tail.split('/')[0] ?? '';
      const pathless = `arn:${partition}:iam::${account}:role/${roleName}`;
      const roleArn = issuer && issuerRole(issuer, partition, account, roleName) ? issuer : pathless;
      return principal(arn, type, { account, kind: 'assumed-role', roleName, roleArn, name: tail });
    }
    case 'federated-user': {
      const user = USER_ARN.exec(issuer ?? '');
      const federatingUser = user && user[1] === partition && user[2] === account ? issuer! : null;
      return principal(arn, type, { account, kind: 'federated-user', federatingUser, name: tail });
    }
    default: return principal(arn, type, { account, kind: 'other' });
  }
}

function issuerRole(issuer: string, partition: string, account: string | null, roleName: string): boolean {
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(issuer);
  return role !== null && role[1] === partition && role[2] === account && role[3] === roleName;
}

/** Whether `issuer` can have issued the session `arn`: its role, or (federated users) a user of its account. */
export function sessionIssuerFits(arn: string, issuer: string): boolean {
  const p = parsePrincipal(arn, 'AWS', issuer);
  if (p.kind === 'assumed-role') return p.roleArn === issuer;
  return p.kind === 'federated-user' && p.federatingUser === issuer;
}
