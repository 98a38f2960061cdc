// Public surface of the policy engine. Pure: no IO, no clock, no globals.
export type {
  AccessRequest, ConditionTrace, ContextEntry, ContextKeyType, Decision, DecisionValue, EvaluationPolicyType,
  Finding, FindingType, MatchedStatement, PolicyTypeResult, PrincipalType, StatementTrace, ValidationPolicyType,
} from './types.ts';
export { validatePolicy } from './validate-policy.ts';
export { compilePolicy, type CompiledPolicy, type CompileMeta } from './compile-policy.ts';
export { PolicyDocumentError } from './policy-document-error.ts';
export { evaluate, type EvaluationInput } from './evaluate.ts';
export { createPolicySet, PolicySet } from './policy-set.ts';
export { buildRequestContext, contextFromRecord, type RequestContext } from './request-context.ts';
export { parsePrincipal, type RequestPrincipal } from './request-principal.ts';
