// Public data shapes of the policy engine. Everything here is plain data so a
// decision or a finding can be serialised straight into an API response.

export type ValidationPolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'TRUST_POLICY' | 'SERVICE_CONTROL_POLICY';
export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export interface Finding {
  findingType: FindingType;
  issueCode: string;
  message: string;
  path: Array<string | number>;
  statementIndex?: number;
}

export type EvaluationPolicyType = 'IDENTITY' | 'RESOURCE' | 'PERMISSIONS_BOUNDARY' | 'SERVICE_CONTROL' | 'SESSION';

export type ContextKeyType =
  | 'STRING' | 'STRING_LIST' | 'NUMERIC' | 'NUMERIC_LIST' | 'BOOLEAN' | 'BOOLEAN_LIST'
  | 'IP' | 'IP_LIST' | 'DATE' | 'DATE_LIST' | 'BINARY' | 'BINARY_LIST';

export interface ContextEntry { key: string; values: string[]; type?: ContextKeyType }

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface AccessRequest {
  principal: string;
  principalType?: PrincipalType;
  action: string;
  resource: string;
  resourceAccount?: string;
  /** the role or IAM user a session principal belongs to (see parsePrincipal) */
  sessionIssuer?: string;
  context: ContextEntry[];
}

export type DecisionValue = 'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY';

export interface MatchedStatement<L = unknown> {
  policyId: string;
  policyType: EvaluationPolicyType;
  sid: string | null;
  statementIndex: number;
  effect: 'Allow' | 'Deny';
  /** the label of the statement's policy (see labelPolicy); absent when the policy has none */
  label?: L;
}

export interface PolicyTypeResult {
  policyType: EvaluationPolicyType;
  present: boolean;
  allowed: boolean;
  denied: boolean;
}

export interface ConditionTrace {
  operator: string;
  key: string;
  matched: boolean;
  /** why it did not match (or why it matched vacuously), e.g. "key `aws:SourceIp` is missing" */
  reason: string | null;
}

export interface StatementTrace<L = unknown> extends MatchedStatement<L> {
  actionMatched: boolean;
  resourceMatched: boolean;
  /** null when the statement has no Principal/NotPrincipal (identity-side policies) */
  principalMatched: boolean | null;
  conditions: ConditionTrace[];
  /** the statement applied to the request (all of the above matched) */
  matched: boolean;
}

/** `L`: the type of the labels the caller gave its policies (see labelPolicy). */
export interface Decision<L = unknown> {
  decision: DecisionValue;
  matchedStatements: MatchedStatement<L>[];
  missingContextKeys: string[];
  policyTypeResults: PolicyTypeResult[];
  trace?: StatementTrace<L>[];
}
