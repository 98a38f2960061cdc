// Raised by compilePolicy when a document has ERROR findings; carries them all.
import type { Finding } from './types.ts';

export class PolicyDocumentError extends Error {
  readonly code = 'MALFORMED_POLICY_DOCUMENT';
  readonly findings: Finding[];

  constructor(policyId: string, findings: Finding[]) {
    const errors = findings.filter((f) => f.findingType === 'ERROR');
    super(`policy \`${policyId}\`: ${errors.map((f) => f.message).join('; ')}`);
    this.name = 'PolicyDocumentError';
    this.findings = findings;
  }
}
