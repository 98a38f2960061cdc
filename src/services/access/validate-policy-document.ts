// validatePolicy: grades a document as Access Analyzer's ValidatePolicy does. The engine does
// the work; this is the service the API calls, so resolvers reach the engine only through here.
import { validatePolicy, type Finding } from '../../policy/index.ts';

export function validatePolicyDocument(document: unknown, policyType: Parameters<typeof validatePolicy>[1]): Finding[] {
  return validatePolicy(document, policyType);
}
