// Policy documents that arrive with a request (simulateCustomPolicy, a resource policy given to
// evaluateAccess): compiled on the spot, refused with every finding when malformed.
import { GatehouseError } from '../../errors.ts';
import { checkDocumentArgument } from '../policy-documents.ts';
import { compilePolicy, labelPolicy, PolicyDocumentError, type CompiledPolicy, type EvaluationPolicyType, type Finding } from '../../policy/index.ts';
import { suppliedSource, type PolicySource } from './policy-source.ts';

const SUPPLIED_KIND = {
  IDENTITY: 'SUPPLIED_IDENTITY_POLICY',
  RESOURCE: 'RESOURCE_POLICY',
  PERMISSIONS_BOUNDARY: 'PERMISSIONS_BOUNDARY',
  SESSION: 'SESSION_POLICY',
  SERVICE_CONTROL: 'SERVICE_CONTROL_POLICY',
} as const satisfies Record<EvaluationPolicyType, PolicySource['kind']>;

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
