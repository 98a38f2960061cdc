// Policy documents that arrive with a request (simulateCustomPolicy, a resource policy given to
// evaluateAccess): compiled on the spot, refused with their findings when malformed.
import { checkDocumentArgument } from '../policy-documents.ts';
import { malformedDocument } from '../validation-findings.ts';
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

/**
 * Throws MALFORMED_POLICY_DOCUMENT when any input document had errors: for the first of them,
 * in the shape every such error has (`extensions.field` and its `findings`); the message names
 * the other malformed documents.
 */
export function refuseMalformed(problems: readonly LabelledFinding[]): void {
  const documents = [...new Set(problems.filter((finding) => finding.findingType === 'ERROR').map((finding) => finding.document))];
  const [first, ...others] = documents;
  if (first === undefined) return;
  const findings = problems.filter((finding) => finding.document === first).map(({ document: _, ...finding }) => finding);
  throw malformedDocument(first, findings, others);
}
