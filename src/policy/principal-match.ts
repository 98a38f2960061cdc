// Principal/NotPrincipal of resource and trust policies, compiled to sets.
// The result says how specifically the principal was named, because AWS lets
// a same-account resource policy reach past boundaries only for exact names.
import type { RequestPrincipal } from './request-principal.ts';
import { isObject, stringList } from './parse-document.ts';

/**
 * How the request principal was named: decides what a resource-policy Allow is worth.
 * `issuer`: the role of a role session, or the IAM user who federated a federated-user session.
 */
export type PrincipalGrant = 'exact' | 'issuer' | 'account' | 'wildcard';

export interface PrincipalMatcher {
  readonly negated: boolean;
  readonly everyone: boolean;
  readonly awsAll: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  /** `account/roleName` of role ARNs, to match their sessions */
  readonly roles: ReadonlySet<string>;
  readonly others: ReadonlyMap<string, ReadonlySet<string>>;
}

const ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const ROLE = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** Compiles a validated Principal/NotPrincipal value. */
export function compilePrincipal(value: unknown, negated: boolean): PrincipalMatcher {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const roles = new Set<string>();
  const others = new Map<string, Set<string>>();
  let awsAll = false;
  const object = isObject(value) ? value : {};
  for (const id of stringList(object['AWS']) ?? []) {
    const root = ROOT.exec(id);
    const role = ROLE.exec(id);
    if (id === '*') awsAll = true;
    else if (/^\d{12}$/.test(id)) accounts.add(id);
    else if (root?.[1]) accounts.add(root[1]);
    else arns.add(id);
    if (role?.[1] && role[2]) roles.add(`${role[1]}/${role[2]}`);
  }
  for (const type of ['Service', 'Federated', 'CanonicalUser']) {
    const ids = stringList(object[type]);
    if (ids) others.set(type, new Set(type === 'Service' ? ids.map((i) => i.toLowerCase()) : ids));
  }
  return { negated, everyone: value === '*', awsAll, accounts, arns, roles, others };
}

/** How the principal is named by the list, or null when it is not. */
export function namePrincipal(m: PrincipalMatcher, p: RequestPrincipal): PrincipalGrant | null {
  if (m.everyone) return 'wildcard';
  if (p.type !== 'AWS') {
    const ids = m.others.get(p.type);
    if (!ids) return null;
    if (ids.has('*')) return 'wildcard';
    return ids.has(p.type === 'Service' ? p.arn.toLowerCase() : p.arn) ? 'exact' : null;
  }
  if (m.arns.has(p.arn)) return 'exact';
  // naming the role of a session, or the user who federated one, names what issued the session
  if (p.kind === 'assumed-role' && m.roles.has(`${p.account}/${p.roleName}`)) return 'issuer';
  if (p.federatingUser !== null && m.arns.has(p.federatingUser)) return 'issuer';
  if (p.account !== null && m.accounts.has(p.account)) return p.kind === 'root' ? 'exact' : 'account';
  return m.awsAll ? 'wildcard' : null;
}

/** Applies Principal or NotPrincipal; NotPrincipal grants only broadly. */
export function matchPrincipal(m: PrincipalMatcher, p: RequestPrincipal): PrincipalGrant | null {
  const named = namePrincipal(m, p);
  if (!m.negated) return named;
  return named === null ? 'wildcard' : null;
}
