// BinaryEquals: the policy holds base64; compared byte for byte, so two
// encodings of the same bytes (padding aside) are equal.
import { joinPieces, type OperatorSpec } from './operator.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Decoded bytes as a binary string, or undefined for invalid base64. */
export function decodeBase64(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '' || !BASE64.test(text)) return undefined;
  const padded = text.padEnd(Math.ceil(text.length / 4) * 4, '=');
  try {
    return atob(padded);
  } catch {
    return undefined;
  }
}

export const binaryOperators: Record<string, OperatorSpec> = {
  BinaryEquals: {
    negated: false,
    supportsVariables: false,
    invalidValueCode: 'INVALID_BINARY_VALUE',
    expects: 'base64',
    parsePolicyValue: (pieces) => decodeBase64(joinPieces(pieces)),
    parseRequestValue: decodeBase64,
    matches: (request: string, policy: string) => request === policy,
  } satisfies OperatorSpec<string, string>,
};
