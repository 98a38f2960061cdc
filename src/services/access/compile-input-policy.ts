// Policy documents that arrive with a request (simulateCustomPolicy, a resource policy given to
// evaluateAccess): compiled on the spot, refused with every finding when malformed.
import { GatehouseError } from '../../errors.ts';
import { checkDocumentArgument } from '../policy-documents.ts';
import { compilePolicy, PolicyDocumentError, type CompiledPolicy, type EvaluationPolicyType, type Finding } from '../../policy/index.ts';

/** Findings of one input document, labelled with the input field they came from. */
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

/** Throws MALFORMED_POLICY_DOCUMENT when any input document had errors. */
export function refuseMalformed(problems: readonly LabelledFinding[]): void {
  const errors = problems.filter((finding) => finding.findingType === 'ERROR');
  if (errors.length === 0) return;
  throw new GatehouseError(
    'MALFORMED_POLICY_DOCUMENT',
    errors.map((finding) => `\`${finding.document}\`: ${finding.message}`).join('; '),
    { findings: problems },
  );
}
