// The policy engine's surface: simulateCustomPolicy, evaluateAccess(Batch), validatePolicy.
import type { Resolvers } from '../../generated/graphql.ts';
import type { PolicySource } from '../../services/access/policy-source.ts';
import { simulateCustomPolicy } from '../../services/access/simulate-custom-policy.ts';
import { validatePolicyDocument } from '../../services/access/validate-policy-document.ts';

export const accessResolvers: Resolvers = {
  Query: {
    simulateCustomPolicy: (_root, { input }) => simulateCustomPolicy(input, input.explain ?? false),
    evaluateAccess: (_root, { input }, { accessEvaluator, scope, now, epoch, decisions }) =>
      accessEvaluator.evaluateOne(
        { accountId: scope.accountId, now, epoch, witness: decisions?.witness('EVALUATE_ACCESS', 'Query.evaluateAccess') },
        input,
        input.explain ?? false,
      ),
    evaluateAccessBatch: (_root, { inputs, explain }, { accessEvaluator, scope, now, epoch, decisions }) =>
      accessEvaluator.evaluateEach(
        { accountId: scope.accountId, now, epoch, witness: decisions?.witness('EVALUATE_ACCESS', 'Query.evaluateAccessBatch') },
        inputs,
        explain ?? false,
      ),
    validatePolicy: async (_root, { policyDocument, policyType, validatePolicyResourceType }, { scope, catalog }) => ({
      findings: await validatePolicyDocument({ catalog, accountId: scope.accountId }, policyDocument, policyType, validatePolicyResourceType),
    }),
  },
  AccessDecision: {
    allowed: (decision) => decision.decision === 'ALLOWED',
    trace: (decision) => decision.trace ?? null,
  },
  // every statement of a decision is labelled (load-principal.ts, compile-input-policy.ts)
  MatchedStatement: { source: (statement) => sourceOf(statement) },
  StatementTrace: { source: (statement) => sourceOf(statement) },
};

function sourceOf(statement: { label?: PolicySource }): PolicySource {
  if (!statement.label) throw new Error('a statement without its policy source');
  return statement.label;
}
