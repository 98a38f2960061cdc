// Compile once, evaluate many: a validated document becomes matchers that the
// evaluator runs without parsing JSON or building patterns again.
import { compileStatement, type CompiledStatement } from './compile-statement.ts';
import { isObject, type JsonObject } from './parse-document.ts';
import { PolicyDocumentError } from './policy-document-error.ts';
import type { EvaluationPolicyType, ValidationPolicyType } from './types.ts';
import { listStatements, validatePolicy } from './validate-policy.ts';

export interface CompiledPolicy<L = unknown> {
  readonly id: string;
  readonly type: EvaluationPolicyType;
  readonly version: string | null;
  readonly statements: readonly CompiledStatement[];
  /** the caller's label (see labelPolicy); absent when the policy has none */
  readonly label?: L;
}

/** The rules a document of each kind is validated by: a boundary or session policy is an identity policy. */
export const GRAMMAR: Readonly<Record<EvaluationPolicyType, ValidationPolicyType>> = {
  IDENTITY: 'IDENTITY_POLICY',
  RESOURCE: 'RESOURCE_POLICY',
  PERMISSIONS_BOUNDARY: 'IDENTITY_POLICY',
  SERVICE_CONTROL: 'SERVICE_CONTROL_POLICY',
  SESSION: 'IDENTITY_POLICY',
};

export interface CompileMeta {
  id: string;
  type: EvaluationPolicyType;
  /** grammar to validate against; by default derived from `type` */
  validateAs?: ValidationPolicyType;
}

// A resource policy with no Resource anywhere is a role trust policy.
function grammarFor(document: unknown, type: EvaluationPolicyType): ValidationPolicyType {
  if (type !== 'RESOURCE') return GRAMMAR[type];
  let parsed: unknown = document;
  try {
    if (typeof document === 'string') parsed = JSON.parse(document);
  } catch {
    return GRAMMAR[type];
  }
  if (!isObject(parsed)) return GRAMMAR[type];
  const statements = listStatements(parsed).map((s) => s.value);
  const trust = statements.length > 0 && statements.every((s) => isObject(s) && !('Resource' in s) && !('NotResource' in s));
  return trust ? 'TRUST_POLICY' : GRAMMAR[type];
}

/** Validates and compiles; throws PolicyDocumentError when validation finds an ERROR. */
export function compilePolicy(document: unknown, meta: CompileMeta): CompiledPolicy {
  const findings = validatePolicy(document, meta.validateAs ?? grammarFor(document, meta.type));
  if (findings.some((f) => f.findingType === 'ERROR')) throw new PolicyDocumentError(meta.id, findings);
  // validation passed, so a string document is valid JSON
  const parsed = (typeof document === 'string' ? JSON.parse(document) : document) as JsonObject;
  const version = typeof parsed['Version'] === 'string' ? parsed['Version'] : null;
  const owner = { id: meta.id, type: meta.type, variablesEnabled: version === '2012-10-17' };
  const statements = listStatements(parsed).map(({ value }, index) =>
    compileStatement(isObject(value) ? value : {}, index, owner),
  );
  return Object.freeze({ id: meta.id, type: meta.type, version, statements });
}

/**
 * The policy as it takes part in one evaluation, carrying `label`: an opaque value (say, how the
 * policy reached the principal) that the engine never reads and gives back on each statement of
 * the policy in a decision's matched statements and trace. The compiled matchers are shared with
 * `policy`, so a label costs one small object per statement, once, not per evaluation.
 */
export function labelPolicy<L>(policy: CompiledPolicy, label: L): CompiledPolicy<L> {
  const statements = policy.statements.map((statement) => Object.freeze({ ...statement, label }));
  return Object.freeze({ ...policy, statements, label });
}
