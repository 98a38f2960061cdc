// Does one compiled statement apply to one request? Action, then resource,
// then principal, then every condition (all conditions run so the report of
// missing context keys is complete).
import type { CompiledResource, CompiledStatement } from './compile-statement.ts';
import { compileArnPattern, type ArnPattern } from './arn-pattern.ts';
import type { TextPiece } from './wildcard-pattern.ts';
import { explainCondition, testCondition } from './evaluate-condition.ts';
import { resolveTemplate } from './policy-variables.ts';
import { matchPrincipal, type PrincipalGrant } from './principal-match.ts';
import { requestArn, type PreparedRequest } from './request-context.ts';
import type { StatementTrace } from './types.ts';

/** `identity` for statements without a principal element (identity-side policies). */
export type StatementMatch = PrincipalGrant | 'identity';

export function matchAction(s: CompiledStatement, action: string): boolean {
  let hit = false;
  for (const a of s.actions) {
    if (a.pattern.matches(action)) {
      hit = true;
      break;
    }
  }
  return hit !== s.notAction;
}

export function matchResource(s: CompiledStatement, req: PreparedRequest, missing: string[]): boolean {
  if (s.resources === null) return true;
  let hit = false;
  for (const r of s.resources) {
    const matched = matchResourceEntry(r, req, missing);
    // an entry whose variable cannot be resolved never matches, and cannot
    // prove a NotResource exclusion either: the statement does not apply
    if (matched === null && s.notResource) return false;
    if (matched === true) {
      hit = true;
      break;
    }
  }
  return hit !== s.notResource;
}

/** null when the entry holds a policy variable the request cannot resolve. */
function matchResourceEntry(r: CompiledResource, req: PreparedRequest, missing: string[]): boolean | null {
  if (r.pattern) return r.pattern.matches(req.resource, r.pattern.needsParts ? requestArn(req) : null);
  const pieces = resolveTemplate(r.template, req.context, missing);
  if (pieces === null) return null;
  const pattern = patternFor(r, pieces);
  return pattern.matches(req.resource, pattern.needsParts ? requestArn(req) : null);
}

// Requests from one caller resolve a template to the same text again and
// again, so each resource entry keeps a small bounded memo of built patterns.
const MEMO_LIMIT = 64;

function patternFor(r: CompiledResource, pieces: readonly TextPiece[]): ArnPattern {
  let key = '';
  for (const p of pieces) key += (p.wild ? '\u0001' : '\u0002') + p.text;
  const memo = r.memo;
  const known = memo.get(key);
  if (known) return known;
  const built = compileArnPattern(pieces, true);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, built);
  return built;
}

// AWS documents that a Deny with NotPrincipal always applies to an IAM
// principal that has a permissions boundary, whatever NotPrincipal lists.
function principalFor(s: CompiledStatement, req: PreparedRequest): PrincipalGrant | null {
  const m = s.principal;
  if (!m) return null;
  if (m.negated && s.effect === 'Deny' && req.hasBoundary && req.principal.type === 'AWS') return 'wildcard';
  return matchPrincipal(m, req.principal);
}

/** How the statement applies to the request, or null when it does not. */
export function matchStatement(s: CompiledStatement, req: PreparedRequest, missing: string[]): StatementMatch | null {
  if (!matchAction(s, req.action)) return null;
  if (!matchResource(s, req, missing)) return null;
  let grant: StatementMatch = 'identity';
  if (s.principal) {
    const named = principalFor(s, req);
    if (named === null) return null;
    grant = named;
  }
  let holds = true;
  for (const c of s.conditions) {
    if (!testCondition(c, req.context, missing)) holds = false;
  }
  return holds ? grant : null;
}

/** The per-statement trace for explain mode. */
export function explainStatement(s: CompiledStatement, req: PreparedRequest): StatementTrace {
  const scratch: string[] = [];
  const actionMatched = matchAction(s, req.action);
  const resourceMatched = matchResource(s, req, scratch);
  const principalMatched = s.principal ? principalFor(s, req) !== null : null;
  const conditions = s.conditions.map((c) => explainCondition(c, req.context));
  const matched = actionMatched && resourceMatched && principalMatched !== false && conditions.every((c) => c.matched);
  const trace: StatementTrace = {
    policyId: s.policyId,
    policyType: s.policyType,
    sid: s.sid,
    statementIndex: s.index,
    effect: s.effect,
    actionMatched,
    resourceMatched,
    principalMatched,
    conditions,
    matched,
  };
  if (s.label !== undefined) trace.label = s.label;
  return trace;
}
