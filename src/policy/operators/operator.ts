// The one interface every condition operator family implements. Policy
// values are parsed once at compile time; request values once per condition.
import type { TextPiece } from '../wildcard-pattern.ts';

export interface OperatorSpec<P = unknown, R = unknown> {
  /** Not* operators: the key's value must match none of the policy values */
  readonly negated: boolean;
  /** string and ARN operators substitute policy variables in their values */
  readonly supportsVariables: boolean;
  /** Null tests key presence instead of comparing values */
  readonly testsPresence?: boolean;
  /** issue code and wording for a policy value this operator cannot read */
  readonly invalidValueCode: string;
  readonly expects: string;
  /** parsed policy value, or undefined when the literal is invalid */
  parsePolicyValue(pieces: readonly TextPiece[]): P | undefined;
  /** parsed request value, or undefined when it cannot be compared (never matches) */
  parseRequestValue(raw: string): R | undefined;
  /** the positive comparison; the evaluator applies negation */
  matches(request: R, policy: P): boolean;
}

/** Concatenates pieces; for operators without wildcards escapes are plain text. */
export function joinPieces(pieces: readonly TextPiece[]): string {
  return pieces.length === 1 && pieces[0] ? pieces[0].text : pieces.map((p) => p.text).join('');
}
