// String* operators: case-sensitive unless IgnoreCase; only *Like reads wildcards.
import { compileWildcard, type WildcardPattern } from '../wildcard-pattern.ts';
import { joinPieces, type OperatorSpec } from './operator.ts';

const identity = (raw: string): string => raw;
const lower = (raw: string): string => raw.toLowerCase();

function equalsSpec(negated: boolean, fold: (raw: string) => string): OperatorSpec<string, string> {
  return {
    negated,
    supportsVariables: true,
    invalidValueCode: 'INVALID_STRING',
    expects: 'a string',
    parsePolicyValue: (pieces) => fold(joinPieces(pieces)),
    parseRequestValue: fold,
    matches: (request, policy) => request === policy,
  };
}

function likeSpec(negated: boolean): OperatorSpec<WildcardPattern, string> {
  return {
    negated,
    supportsVariables: true,
    invalidValueCode: 'INVALID_STRING',
    expects: 'a string',
    parsePolicyValue: (pieces) => compileWildcard(pieces),
    parseRequestValue: identity,
    matches: (request, policy) => policy.matches(request),
  };
}

export const stringOperators: Record<string, OperatorSpec> = {
  StringEquals: equalsSpec(false, identity),
  StringNotEquals: equalsSpec(true, identity),
  StringEqualsIgnoreCase: equalsSpec(false, lower),
  StringNotEqualsIgnoreCase: equalsSpec(true, lower),
  StringLike: likeSpec(false),
  StringNotLike: likeSpec(true),
};
