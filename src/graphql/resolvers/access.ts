// The policy engine's surface: simulateCustomPolicy, evaluateAccess(Batch), validatePolicy.
import type { Resolvers } from '../../generated/graphql.ts';
import { simulateCustomPolicy } from '../../services/access/simulate-custom-policy.ts';
import { validatePolicyDocument } from '../../services/access/validate-policy-document.ts';

export const accessResolvers: Resolvers = {
  Query: {
    simulateCustomPolicy: (_root, { input }) => simulateCustomPolicy(input, input.explain ?? false),
    evaluateAccess: async (_root, { input }, { accessEvaluator, scope, now }) =>
      (await accessEvaluator.evaluate(scope.accountId, [input], now, input.explain ?? false))[0]!,
    evaluateAccessBatch: (_root, { inputs, explain }, { accessEvaluator, scope, now }) =>
      accessEvaluator.evaluate(scope.accountId, inputs, now, explain ?? false, true),
    validatePolicy: (_root, { policyDocument, policyType, validatePolicyResourceType }) => ({
      findings: validatePolicyDocument(policyDocument, policyType, validatePolicyResourceType),
    }),
  },
  AccessDecision: {
    allowed: (decision) => decision.decision === 'ALLOWED',
    trace: (decision) => decision.trace ?? null,
  },
};
