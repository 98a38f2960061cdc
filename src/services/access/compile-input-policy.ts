// Policy documents that arrive with a request (simulateCustomPolicy, a resource policy given to
// evaluateAccess): compiled on the spot, refused with their findings when malformed.
import { checkDocumentArgument } from '../policy-documents.ts';
import { malformedDocuments } from '../validation-findings.ts';
import { compilePolicy, labelPolicy, PolicyDocumentError, type CompiledPolicy, type EvaluationPolicyType, type Finding } from '../../policy/index.ts';
import { suppliedSource, type PolicySource } from './policy-source.ts';

const SUPPLIED_KIND = {
  IDENTITY: 'SUPPLIED_IDENTITY_POLICY',
  RESOURCE: 'RESOURCE_POLICY',
  PERMISSIONS_BOUNDARY: 'PERMISSIONS_BOUNDARY',
  SESSION: 'SESSION_POLICY',
  SERVICE_CONTROL: 'SERVICE_CONTROL_POLICY',
} as const satisfies Record<EvaluationPolicyType, PolicySource['kind']>;

/** The findings of one malformed input document, with the input field that held it. */
export interface LabelledFinding extends Finding {
  document: string;
}

/** Compiles `document`; on failure, adds its findings to `problems` and returns undefined. */
export function compileInputPolicy(
  field: string,
  document: unknown,
  type: EvaluationPolicyType,
  problems: LabelledFinding[],
): CompiledPolicy<PolicySource> | undefined {
  checkDocumentArgument(field, document);
  try {
    return labelPolicy(compilePolicy(document, { id: field, type }), suppliedSource(SUPPLIED_KIND[type], field));
  } catch (error) {
    if (!(error instanceof PolicyDocumentError)) throw error;
    problems.push(...error.findings.map((finding) => ({ ...finding, document: field })));
    return undefined;
  }
}

/** Throws MALFORMED_POLICY_DOCUMENT listing every input document that had errors. */
export function refuseMalformed(problems: readonly LabelledFinding[]): void {
  const fields = [...new Set(problems.map((finding) => finding.document))];
  const refusal = malformedDocuments(
    fields.map((field) => ({ field, findings: problems.filter((finding) => finding.document === field).map(({ document: _, ...finding }) => finding) })),
  );
  if (refusal) throw refusal;
}
