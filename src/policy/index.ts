// Public surface of the AWS-IAM policy engine. Pure: no IO, no clock, no globals.
//
// Usage: validatePolicy() on write; compilePolicy() once per stored policy
// version (cache by version id); labelPolicy() to say how a policy reached the
// request (the label comes back on its statements in the decision);
// createPolicySet() once per principal's set of attached identity policies;
// evaluate() per request. Time arrives only as
// context (`aws:CurrentTime`, `aws:EpochTime`). A caller deciding many requests
// for one caller can build the context once:
//   const requestContext = buildRequestContext(entries, parsePrincipal(arn));
//   evaluate({ request, requestContext, identityPolicies: set, ... });
export type {
  AccessRequest, ConditionTrace, ContextEntry, ContextKeyType, Decision, DecisionValue, EvaluationPolicyType,
  Finding, FindingType, MatchedStatement, PolicyTypeResult, PrincipalType, StatementTrace, ValidationPolicyType,
} from './types.ts';
export { catalogPrefixesOf, validatePolicy } from './validate-policy.ts';
export type { CatalogActionFacts, CatalogFacts, CatalogKeyFacts, CatalogServiceFacts } from './catalog-facts.ts';
export { compilePolicy, GRAMMAR, labelPolicy, type CompiledPolicy, type CompileMeta } from './compile-policy.ts';
export { PolicyDocumentError } from './policy-document-error.ts';
export { evaluate, type EvaluationInput } from './evaluate.ts';
export { createPolicySet, PolicySet } from './policy-set.ts';
export { buildRequestContext, contextFromRecord, layerRequestContexts, type RequestContext } from './request-context.ts';
export { parsePrincipal, ROLE_SESSION_NAME, sessionIssuerFits, type RequestPrincipal } from './request-principal.ts';
export { readJson, type JsonReadError, type JsonReadResult } from './json-reader.ts';
export { exceedsDepth, MAX_POLICY_DEPTH } from './document-shape.ts';
export { residualAccess, MAX_RESIDUAL_CLAUSES, ResidualTooLargeError, type ResidualAccess, type ResidualInput, type ResidualKind } from './residual-access.ts';
export type { ArnTest, Clause, OpenCondition } from './residual-statement.ts';
export type { CompiledStatement } from './compile-statement.ts';
export { matchAction } from './statement-match.ts';
export { compileWildcardText } from './wildcard-pattern.ts';
