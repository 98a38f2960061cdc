// Arn* operators: per AWS, ArnEquals and ArnLike behave alike: each of the six
// colon-separated parts is compared case-sensitively and may hold `*`/`?`.
import { compileArnPattern, splitArn, type ArnPattern } from '../arn-pattern.ts';
import type { OperatorSpec } from './operator.ts';

interface RequestArn { readonly text: string; readonly parts: readonly string[] | null }

function arnSpec(negated: boolean): OperatorSpec<ArnPattern, RequestArn> {
  return {
    negated,
    supportsVariables: true,
    invalidValueCode: 'INVALID_ARN_CONDITION_VALUE',
    expects: 'an ARN',
    parsePolicyValue: (pieces) => compileArnPattern(pieces),
    parseRequestValue: (raw) => ({ text: raw, parts: splitArn(raw) }),
    matches: (request, policy) => policy.matches(request.text, request.parts),
  };
}

export const arnOperators: Record<string, OperatorSpec> = {
  ArnEquals: arnSpec(false),
  ArnLike: arnSpec(false),
  ArnNotEquals: arnSpec(true),
  ArnNotLike: arnSpec(true),
};
