// The one shape a client sees a validation finding in: validatePolicy's answer and the
// `extensions.findings` of MALFORMED_POLICY_DOCUMENT alike (schema.graphql, ValidationFinding).
// It follows AWS IAM Access Analyzer's ValidatePolicyFinding. Extensions are plain JSON that no
// selection shapes, so a finding is built here with every field of the GraphQL type, nulls
// included, and resolvers return it as it is: both places serialize the same object.
import { GatehouseError } from '../errors.ts';
import { validatePolicy, type Finding, type FindingType, type ValidationPolicyType } from '../policy/index.ts';

/** A step into the document: `index` into an array, or `value` under an object's key (AWS's PathElement). */
export interface PathElementModel {
  index: number | null;
  value: string | null;
}

export interface FindingLocationModel {
  path: PathElementModel[];
  statementIndex: number | null;
}

export interface ValidationFindingModel {
  findingType: FindingType;
  issueCode: string;
  findingDetails: string;
  locations: FindingLocationModel[];
}

export function toValidationFinding(finding: Finding): ValidationFindingModel {
  const path = finding.path.map((step) => (typeof step === 'number' ? { index: step, value: null } : { index: null, value: step }));
  return {
    findingType: finding.findingType,
    issueCode: finding.issueCode,
    findingDetails: finding.message,
    locations: [{ path, statementIndex: finding.statementIndex ?? null }],
  };
}

/** Every finding of `document` (an object or JSON text) for `policyType`; never throws. */
export function validationFindings(document: unknown, policyType: ValidationPolicyType): ValidationFindingModel[] {
  return validatePolicy(document, policyType).map(toValidationFinding);
}

/**
 * The MALFORMED_POLICY_DOCUMENT error for the document in argument `field`, or undefined when it
 * has no ERROR finding. One error describes one document, so `extensions` keep the shape
 * `{field, findings}` everywhere; `others` names further malformed documents of the request,
 * which the message lists so that a client knows more are coming.
 */
export function malformedDocument(field: string, findings: readonly Finding[], others: readonly string[] = []): GatehouseError | undefined {
  const errors = findings.filter((finding) => finding.findingType === 'ERROR');
  if (errors.length === 0) return undefined;
  const also = others.length === 0 ? '' : `; also malformed: ${others.map((other) => `\`${other}\``).join(', ')}`;
  return new GatehouseError(
    'MALFORMED_POLICY_DOCUMENT',
    `\`${field}\`: ${errors.map((finding) => finding.message).join('; ')}${also}`,
    { field, findings: findings.map(toValidationFinding) },
  );
}
