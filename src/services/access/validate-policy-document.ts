// validatePolicy as Access Analyzer takes it: a kind of policy and, for a resource policy, the
// resource it is for. The engine does the work; this is the service the API calls. Returns the
// findings; only a contradictory request is an error.
import { badInput } from '../../errors.ts';
import { GRAMMAR, validatePolicy, type EvaluationPolicyType } from '../../policy/index.ts';
import { toValidationFinding, type ValidationFindingModel } from '../validation-findings.ts';

/** Access Analyzer's name for a role's trust policy. */
export const TRUST_POLICY_RESOURCE_TYPE = 'AWS::IAM::AssumeRolePolicyDocument';

export function validatePolicyDocument(document: unknown, policyType: EvaluationPolicyType, resourceType: string | null | undefined): ValidationFindingModel[] {
  if (resourceType != null && policyType !== 'RESOURCE') {
    throw badInput('validatePolicyResourceType', 'applies only to policy type `RESOURCE_POLICY`');
  }
  const grammar = resourceType == null ? GRAMMAR[policyType] : resourceType === TRUST_POLICY_RESOURCE_TYPE ? 'TRUST_POLICY' : 'RESOURCE_POLICY';
  return validatePolicy(document, grammar).map(toValidationFinding);
}
