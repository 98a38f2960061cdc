// Bool: `true`/`false`, case-insensitive on both sides.
import { joinPieces, type OperatorSpec } from './operator.ts';

function parseBool(raw: string): boolean | undefined {
  const text = raw.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

export const boolOperators: Record<string, OperatorSpec> = {
  Bool: {
    negated: false,
    supportsVariables: false,
    invalidValueCode: 'INVALID_BOOLEAN_VALUE',
    expects: '`true` or `false`',
    parsePolicyValue: (pieces) => parseBool(joinPieces(pieces)),
    parseRequestValue: parseBool,
    matches: (request: boolean, policy: boolean) => request === policy,
  } satisfies OperatorSpec<boolean, boolean>,
};
