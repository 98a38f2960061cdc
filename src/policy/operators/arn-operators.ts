// Arn* operators: per AWS, ArnEquals and ArnLike behave alike: each of the six
// colon-separated parts is compared case-sensitively and may hold `*`/`?`.
import { compileArnPattern, splitArn, type ArnPattern, type SplitArn } from '../arn-pattern.ts';
import type { OperatorSpec } from './operator.ts';

interface RequestArn { readonly text: string; readonly arn: SplitArn | null }

function arnSpec(negated: boolean): OperatorSpec<ArnPattern, RequestArn> {
  return {
    negated,
    supportsVariables: true,
    invalidValueCode: 'INVALID_ARN_CONDITION_VALUE',
    expects: 'an ARN',
    parsePolicyValue: (pieces) => compileArnPattern(pieces, false),
    parseRequestValue: (raw) => ({ text: raw, arn: splitArn(raw) }),
    matches: (request, policy) => policy.matches(request.text, request.arn),
  };
}

export const arnOperators: Record<string, OperatorSpec> = {
  ArnEquals: arnSpec(false),
  ArnLike: arnSpec(false),
  ArnNotEquals: arnSpec(true),
  ArnNotLike: arnSpec(true),
};
