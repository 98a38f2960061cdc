// The evaluator: one pure function from one plain input to a decision with
// its reasons. Each policy type is evaluated on its own, then combined once.
import { combineDecision, type Outcomes } from './combine-decision.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import type { CompiledStatement } from './compile-statement.ts';
import { absentOutcome, evaluatePolicies, type TypeOutcome } from './evaluate-policies.ts';
import { PolicySet } from './policy-set.ts';
import { prepareRequest, type PreparedRequest, type RequestContext } from './request-context.ts';
import { explainStatement } from './statement-match.ts';
import type { AccessRequest, Decision, MatchedStatement, PolicyTypeResult, StatementTrace } from './types.ts';

/** `L`: the type of the labels of the policies (see labelPolicy), given back in the decision. */
export interface EvaluationInput<L = unknown> {
  request: AccessRequest;
  identityPolicies: readonly CompiledPolicy<L>[] | PolicySet<L>;
  resourcePolicy?: CompiledPolicy<L>;
  /** absent or empty: no boundary */
  permissionsBoundaries?: readonly CompiledPolicy<L>[];
  /** absent: no guardrails; present: at least one must allow and none may deny */
  serviceControlPolicies?: readonly CompiledPolicy<L>[];
  /** absent or empty: not a session with session policies */
  sessionPolicies?: readonly CompiledPolicy<L>[];
  explain?: boolean;
  /**
   * A context prebuilt with buildRequestContext(request.context, parsePrincipal(request.principal)),
   * reused across evaluations for the same caller; when given, request.context is not read.
   */
  requestContext?: RequestContext;
}

/** Decides one request against the policies that apply to it. */
export function evaluate<L = unknown>(input: EvaluationInput<L>): Decision<L> {
  const boundaries = input.permissionsBoundaries;
  const req = prepareRequest(input.request, input.requestContext, boundaries !== undefined && boundaries.length > 0);
  const missing: string[] = [];
  const sessions = input.sessionPolicies;
  const scps = input.serviceControlPolicies;
  const outcomes: Outcomes = {
    identity: evaluatePolicies('IDENTITY', input.identityPolicies, req, missing),
    resource: input.resourcePolicy
      ? evaluatePolicies('RESOURCE', [input.resourcePolicy], req, missing)
      : absentOutcome('RESOURCE'),
    boundary: boundaries && boundaries.length > 0
      ? evaluatePolicies('PERMISSIONS_BOUNDARY', boundaries, req, missing)
      : absentOutcome('PERMISSIONS_BOUNDARY'),
    // SCPs govern principals of member accounts, not service principals
    scp: scps && req.principal.type === 'AWS'
      ? evaluatePolicies('SERVICE_CONTROL', scps, req, missing)
      : absentOutcome('SERVICE_CONTROL'),
    session: sessions && sessions.length > 0 ? evaluatePolicies('SESSION', sessions, req, missing) : absentOutcome('SESSION'),
  };
  const combined = combineDecision(outcomes, req);
  const identityPresent = countPolicies(input.identityPolicies) > 0;
  // labels are the caller's, carried untouched from its policies' statements (see labelPolicy)
  const decision: Decision<L> = {
    decision: combined.decision,
    matchedStatements: combined.deciding.map(toMatched) as MatchedStatement<L>[],
    missingContextKeys: missing.length === 0 ? [] : [...new Set(missing)].sort(),
    policyTypeResults: [
      typeResult(outcomes.identity, identityPresent),
      typeResult(outcomes.resource, outcomes.resource.present),
      typeResult(outcomes.boundary, outcomes.boundary.present),
      typeResult(outcomes.scp, outcomes.scp.present),
      typeResult(outcomes.session, outcomes.session.present),
    ],
  };
  if (input.explain) decision.trace = traceAll(input, req) as StatementTrace<L>[];
  return decision;
}

function typeResult(o: TypeOutcome, present: boolean): PolicyTypeResult {
  return { policyType: o.policyType, present, allowed: o.allows.length > 0, denied: o.denies.length > 0 };
}

function toMatched(s: CompiledStatement): MatchedStatement {
  const matched: MatchedStatement = { policyId: s.policyId, policyType: s.policyType, sid: s.sid, statementIndex: s.index, effect: s.effect };
  if (s.label !== undefined) matched.label = s.label;
  return matched;
}

function countPolicies(policies: readonly CompiledPolicy[] | PolicySet<unknown>): number {
  return policies instanceof PolicySet ? policies.policies.length : policies.length;
}

// Every statement of every supplied policy, in flowchart order.
function traceAll(input: EvaluationInput<unknown>, req: PreparedRequest): StatementTrace[] {
  const identity = input.identityPolicies instanceof PolicySet ? input.identityPolicies.policies : input.identityPolicies;
  const policies = [
    ...(input.serviceControlPolicies ?? []),
    ...(input.resourcePolicy ? [input.resourcePolicy] : []),
    ...identity,
    ...(input.permissionsBoundaries ?? []),
    ...(input.sessionPolicies ?? []),
  ];
  return policies.flatMap((p) => p.statements.map((s) => explainStatement(s, req)));
}
