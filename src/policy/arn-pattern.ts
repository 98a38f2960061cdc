// ARN matching as IAM does it for Resource and the Arn* operators: the first
// five colons split the ARN into six parts matched separately, so a wildcard
// never spans a partition/service/region/account boundary, while the sixth
// part (the resource) may itself contain colons and slashes.
import { compileWildcard, type TextPiece, type WildcardPattern } from './wildcard-pattern.ts';

const ARN_PARTS = 6;

export interface ArnPattern {
  readonly source: string;
  /** `parts` is the request ARN from splitArn, or null when it is not an ARN */
  matches(text: string, parts: readonly string[] | null): boolean;
}

/** Splits at the first five colons; null when there are fewer than five. */
export function splitArn(text: string): string[] | null {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < ARN_PARTS - 1; i++) {
    const colon = text.indexOf(':', from);
    if (colon < 0) return null;
    parts.push(text.slice(from, colon));
    from = colon + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

/** Compiles a Resource entry or Arn* condition value. */
export function compileArnPattern(pieces: readonly TextPiece[]): ArnPattern {
  const source = pieces.map((p) => p.text).join('');
  const segments = splitPieces(pieces);
  if (segments.length < ARN_PARTS) {
    // `*` and other non-ARN patterns compare against the whole string
    const whole = compileWildcard(pieces);
    return { source, matches: (text) => whole.matches(text) };
  }
  const parts: WildcardPattern[] = segments.map((segment) => compileWildcard(segment));
  return {
    source,
    matches: (_text, request) => request !== null && parts.every((part, i) => part.matches(request[i] ?? '')),
  };
}

function splitPieces(pieces: readonly TextPiece[]): TextPiece[][] {
  const segments: TextPiece[][] = [[]];
  for (const piece of pieces) {
    let rest = piece.text;
    while (segments.length < ARN_PARTS) {
      const colon = rest.indexOf(':');
      if (colon < 0) break;
      segments[segments.length - 1]?.push({ text: rest.slice(0, colon), wild: piece.wild });
      segments.push([]);
      rest = rest.slice(colon + 1);
    }
    segments[segments.length - 1]?.push({ text: rest, wild: piece.wild });
  }
  return segments;
}
