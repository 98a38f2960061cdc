// Null tests presence: `true` means the key must be absent (or an empty
// list), `false` means present. The evaluator calls it with the presence flag.
import { joinPieces, type OperatorSpec } from './operator.ts';

export const nullOperators: Record<string, OperatorSpec> = {
  Null: {
    negated: false,
    supportsVariables: false,
    testsPresence: true,
    invalidValueCode: 'INVALID_BOOLEAN_VALUE',
    expects: '`true` or `false`',
    parsePolicyValue: (pieces) => {
      const text = joinPieces(pieces).trim().toLowerCase();
      return text === 'true' ? true : text === 'false' ? false : undefined;
    },
    parseRequestValue: () => true,
    // request: is the key absent; policy: must it be absent
    matches: (absent: boolean, mustBeAbsent: boolean) => absent === mustBeAbsent,
  } satisfies OperatorSpec<boolean, boolean>,
};
