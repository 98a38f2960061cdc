// The one place policy types are combined, in the order of AWS's evaluation
// flowchart: explicit deny, guardrails (SCPs), the root user, the resource
// policy, then identity policies limited by boundary and session policies.
// Same-account vs cross-account follows "Cross-account policy evaluation logic".
import type { CompiledStatement } from './compile-statement.ts';
import type { TypeOutcome } from './evaluate-policies.ts';
import type { PreparedRequest } from './request-context.ts';
import type { PrincipalKind } from './request-principal.ts';
import type { DecisionValue } from './types.ts';

export interface Outcomes {
  readonly identity: TypeOutcome;
  readonly resource: TypeOutcome;
  readonly boundary: TypeOutcome;
  readonly scp: TypeOutcome;
  readonly session: TypeOutcome;
}

export interface Combined {
  readonly decision: DecisionValue;
  readonly deciding: CompiledStatement[];
}

const implicitDeny: Combined = { decision: 'IMPLICIT_DENY', deciding: [] };
// Plain loops: rest-args plus flat() showed up in profiles of the hot path.
function allowed(a: CompiledStatement[], b: CompiledStatement[] = [], c: CompiledStatement[] = [], d: CompiledStatement[] = []): Combined {
  const deciding: CompiledStatement[] = [];
  for (const list of [a, b, c, d]) for (const s of list) deciding.push(s);
  return { decision: 'ALLOWED', deciding };
}

/** A limiting policy type (boundary, session) permits when absent or when it allows. */
function permits(o: TypeOutcome): boolean {
  return !o.present || o.allows.length > 0;
}

/**
 * The session-policy step of the flowchart: without a session policy a role session goes on to
 * Allow, but a federated-user session (GetFederationToken) is implicitly denied.
 */
function sessionPermits(o: TypeOutcome, kind: PrincipalKind): boolean {
  if (kind === 'federated-user') return o.allows.length > 0;
  return permits(o);
}

export function combineDecision(o: Outcomes, req: PreparedRequest): Combined {
  const denyCount = o.scp.denies.length + o.resource.denies.length + o.identity.denies.length + o.boundary.denies.length + o.session.denies.length;
  if (denyCount > 0) {
    const denies = [...o.scp.denies, ...o.resource.denies, ...o.identity.denies, ...o.boundary.denies, ...o.session.denies];
    return { decision: 'EXPLICIT_DENY', deciding: denies };
  }
  if (o.scp.present && o.scp.allows.length === 0) return implicitDeny;

  const { principal } = req;
  const guardrails = o.scp.allows;
  // service and other non-IAM principals are granted only by resource policies
  if (principal.type !== 'AWS') return o.resource.allows.length > 0 ? allowed(guardrails, o.resource.allows) : implicitDeny;

  const sameAccount = principal.account !== null && req.resourceAccount === principal.account;
  const limitsPermit = permits(o.boundary) && sessionPermits(o.session, principal.kind);
  const limits = o.session.allows.length === 0 ? o.boundary.allows : [...o.boundary.allows, ...o.session.allows];
  const identitySide = principal.kind === 'root' || (o.identity.allows.length > 0 && limitsPermit);

  if (sameAccount) {
    if (principal.kind === 'root') return allowed(guardrails);
    const grant = o.resource.grant;
    // naming the user, the role session or the federated user itself reaches past boundary
    // and session policy (a request naming a role ARN is one of the role's sessions)
    if (grant === 'exact') return allowed(guardrails, o.resource.allows);
    // naming what issued the session (its role, the user who federated) or everyone is still
    // limited by an implicit deny in the boundary or session policy, not by identity policies
    if ((grant === 'issuer' || grant === 'wildcard') && limitsPermit) return allowed(guardrails, o.resource.allows, limits);
    // naming the account delegates to the account's identity policies
    return identitySide ? allowed(guardrails, o.identity.allows, limits) : implicitDeny;
  }
  // cross-account: the principal's side and the resource's side must both allow
  if (identitySide && o.resource.allows.length > 0) {
    return allowed(guardrails, o.resource.allows, o.identity.allows, limits);
  }
  return implicitDeny;
}
