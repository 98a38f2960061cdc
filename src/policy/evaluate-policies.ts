// Evaluates the policies of one type on their own: which of their statements
// allow, which deny, and how specifically a resource policy named the principal.
import type { CompiledPolicy } from './compile-policy.ts';
import type { CompiledStatement } from './compile-statement.ts';
import { PolicySet } from './policy-set.ts';
import type { PreparedRequest } from './request-context.ts';
import { matchStatement, type StatementMatch } from './statement-match.ts';
import type { EvaluationPolicyType } from './types.ts';

export interface TypeOutcome {
  readonly policyType: EvaluationPolicyType;
  /** whether this policy type applies to the request at all */
  readonly present: boolean;
  readonly allows: CompiledStatement[];
  readonly denies: CompiledStatement[];
  /** the most specific principal naming among matching Allow statements */
  grant: StatementMatch | null;
}

const GRANT_RANK: Record<StatementMatch, number> = { exact: 4, issuer: 3, wildcard: 3, identity: 2, account: 1 };
const NONE: CompiledStatement[] = [];

export function absentOutcome(policyType: EvaluationPolicyType): TypeOutcome {
  return { policyType, present: false, allows: NONE, denies: NONE, grant: null };
}

export function evaluatePolicies(
  policyType: EvaluationPolicyType,
  policies: readonly CompiledPolicy[] | PolicySet,
  req: PreparedRequest,
  missing: string[],
): TypeOutcome {
  const outcome: TypeOutcome = { policyType, present: true, allows: [], denies: [], grant: null };
  if (policies instanceof PolicySet) {
    for (const s of policies.candidates(req.action)) consider(outcome, s, req, missing);
  } else {
    for (const policy of policies) for (const s of policy.statements) consider(outcome, s, req, missing);
  }
  return outcome;
}

function consider(outcome: TypeOutcome, s: CompiledStatement, req: PreparedRequest, missing: string[]): void {
  const match = matchStatement(s, req, missing);
  if (match === null) return;
  if (s.effect === 'Deny') {
    outcome.denies.push(s);
    return;
  }
  outcome.allows.push(s);
  if (outcome.grant === null || GRANT_RANK[match] > GRANT_RANK[outcome.grant]) outcome.grant = match;
}
