// Policy documents that arrive with a request (simulateCustomPolicy, a resource policy given to
// evaluateAccess): compiled on the spot, refused with their findings when malformed.
import { checkDocumentArgument } from '../policy-documents.ts';
import { malformedDocuments } from '../validation-findings.ts';
import { compilePolicy, PolicyDocumentError, type CompiledPolicy, type EvaluationPolicyType, type Finding } from '../../policy/index.ts';

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
): CompiledPolicy | undefined {
  checkDocumentArgument(field, document);
  try {
    return compilePolicy(document, { id: field, type });
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
