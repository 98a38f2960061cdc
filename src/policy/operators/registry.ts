// The one table of condition operators, and the reading of an operator name
// with its optional `ForAllValues:`/`ForAnyValue:` qualifier and `IfExists` suffix.
import { arnOperators } from './arn-operators.ts';
import { binaryOperators } from './binary-operators.ts';
import { boolOperators } from './bool-operators.ts';
import { dateOperators } from './date-operators.ts';
import { ipOperators } from './ip-operators.ts';
import { nullOperators } from './null-operator.ts';
import { numericOperators } from './numeric-operators.ts';
import type { OperatorSpec } from './operator.ts';
import { stringOperators } from './string-operators.ts';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue' | null;

export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(
  Object.entries({
    ...stringOperators,
    ...numericOperators,
    ...dateOperators,
    ...boolOperators,
    ...binaryOperators,
    ...ipOperators,
    ...arnOperators,
    ...nullOperators,
  }),
);

export interface ParsedOperator {
  /** the base operator name, e.g. `StringLike` */
  readonly base: string;
  readonly spec: OperatorSpec;
  readonly qualifier: SetQualifier;
  readonly ifExists: boolean;
}

/** Reads an operator name as written in a policy; undefined when unknown. */
export function parseOperatorName(name: string): ParsedOperator | undefined {
  let rest = name;
  let qualifier: SetQualifier = null;
  for (const prefix of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${prefix}:`)) {
      qualifier = prefix;
      rest = rest.slice(prefix.length + 1);
      break;
    }
  }
  const ifExists = rest.endsWith('IfExists');
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const spec = OPERATORS.get(base);
  if (!spec) return undefined;
  // Null already is an existence test: AWS rejects NullIfExists and set qualifiers on it
  if (spec.testsPresence && (ifExists || qualifier !== null)) return undefined;
  return { base, spec, qualifier, ifExists };
}
