// The one shape a client sees a validation finding in: validatePolicy's answer and the
// `extensions.findings` of MALFORMED_POLICY_DOCUMENT alike (schema.graphql, ValidationFinding).
// It follows AWS IAM Access Analyzer's ValidatePolicyFinding. Extensions are plain JSON that no
// selection shapes, so a finding is built here with every field of the GraphQL type, nulls
// included, and resolvers return it as it is: both places serialize the same object.
import { GatehouseError } from '../errors.ts';
import type { Finding, FindingType } from '../policy/index.ts';

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

/** One malformed document of a request: the argument that held it, and all its findings. */
export interface MalformedDocument {
  readonly field: string;
  readonly findings: readonly Finding[];
}

/**
 * The MALFORMED_POLICY_DOCUMENT error for the documents given, or undefined when none has an
 * ERROR finding. `extensions.field` and `extensions.findings` describe the first malformed one,
 * the shape every such error has; `extensions.documents` lists every malformed document of the
 * request as `{field, findings}`, so a client fixes them all in one pass.
 */
export function malformedDocuments(documents: readonly MalformedDocument[]): GatehouseError | undefined {
  const malformed = documents.filter((document) => document.findings.some((finding) => finding.findingType === 'ERROR'));
  const [first] = malformed;
  if (!first) return undefined;
  const message = malformed
    .map(({ field, findings }) => `\`${field}\`: ${findings.filter((f) => f.findingType === 'ERROR').map((f) => f.message).join('; ')}`)
    .join('; ');
  const shown = malformed.map(({ field, findings }) => ({ field, findings: findings.map(toValidationFinding) }));
  return new GatehouseError('MALFORMED_POLICY_DOCUMENT', message, { field: first.field, findings: shown[0]!.findings, documents: shown });
}
