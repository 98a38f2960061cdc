// Numeric* operators over decimal numbers (integers, decimals, exponents).
import { joinPieces, type OperatorSpec } from './operator.ts';

// `\d+(?:\.\d*)?` rather than `\d+\.?\d*`: the same numbers, but a long run of
// digits followed by junk (a request value) no longer backtracks quadratically.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Strict decimal parse: rejects empty strings, hex and `Infinity` that Number() accepts. */
export function parseNumber(raw: string): number | undefined {
  const text = raw.trim();
  return NUMBER.test(text) ? Number(text) : undefined;
}

function numericSpec(negated: boolean, compare: (request: number, policy: number) => boolean): OperatorSpec<number, number> {
  return {
    negated,
    supportsVariables: false,
    invalidValueCode: 'INVALID_NUMERIC_VALUE',
    expects: 'a number',
    parsePolicyValue: (pieces) => parseNumber(joinPieces(pieces)),
    parseRequestValue: parseNumber,
    matches: compare,
  };
}

export const numericOperators: Record<string, OperatorSpec> = {
  NumericEquals: numericSpec(false, (r, p) => r === p),
  NumericNotEquals: numericSpec(true, (r, p) => r === p),
  NumericLessThan: numericSpec(false, (r, p) => r < p),
  NumericLessThanEquals: numericSpec(false, (r, p) => r <= p),
  NumericGreaterThan: numericSpec(false, (r, p) => r > p),
  NumericGreaterThanEquals: numericSpec(false, (r, p) => r >= p),
};
