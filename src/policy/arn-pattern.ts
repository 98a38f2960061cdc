// ARN matching as IAM does it for Resource and the Arn* operators: the first
// five colons split a pattern into six parts, each matched against its own
// part of the ARN, so a wildcard inside a part does not span a colon. Per the
// Resource element docs, a `*` that ends a part can expand past colon
// boundaries, absorbing following parts; the last part (the resource) may
// itself contain colons and slashes.
import { compileWildcard, type TextPiece, type WildcardPattern } from './wildcard-pattern.ts';

const ARN_PARTS = 6;

/** A request ARN split on every colon, computed once per request value. */
export interface SplitArn {
  readonly text: string;
  /** every colon-separated part */
  readonly parts: readonly string[];
  /** offset where each part starts in `text` */
  readonly starts: readonly number[];
}

export interface ArnPattern {
  readonly source: string;
  /** false for whole-string patterns such as `*`, which never read the split ARN */
  readonly needsParts: boolean;
  /** `arn` is the request value from splitArn, or null when it is not an ARN */
  matches(text: string, arn: SplitArn | null): boolean;
}

interface PartPattern { readonly pattern: WildcardPattern; readonly absorbs: boolean }

/** Splits on colons; null when there are fewer than six parts. */
export function splitArn(text: string): SplitArn | null {
  const parts: string[] = [];
  const starts: number[] = [];
  let from = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', from)) {
    parts.push(text.slice(from, colon));
    starts.push(from);
    from = colon + 1;
  }
  parts.push(text.slice(from));
  starts.push(from);
  return parts.length < ARN_PARTS ? null : { text, parts, starts };
}

/**
 * Compiles a Resource entry (`absorb`: a part-ending `*` may span colons, as
 * the Resource element docs say) or an Arn* condition value (the operator docs
 * say each of the six parts is checked separately, so no absorbing).
 */
export function compileArnPattern(pieces: readonly TextPiece[], absorb: boolean): ArnPattern {
  const source = pieces.map((p) => p.text).join('');
  const segments = splitPieces(pieces);
  if (segments.length < ARN_PARTS) {
    // `*` and other non-ARN patterns compare against the whole string
    const whole = compileWildcard(pieces);
    return { source, needsParts: false, matches: (text) => whole.matches(text) };
  }
  const heads: PartPattern[] = segments.slice(0, ARN_PARTS - 1).map((segment) => ({
    pattern: compileWildcard(segment),
    absorbs: absorb && endsWithStar(segment),
  }));
  const resource = compileWildcard(segments[ARN_PARTS - 1] ?? []);
  return {
    source,
    needsParts: true,
    matches: (_text, arn) => arn !== null && matchParts(heads, resource, arn),
  };
}

// One sweep over the pattern parts keeping every request part at which the
// next pattern part may start (an NFA over parts), instead of trying each way
// an absorbing part could end: at most six passes over the request parts, so
// no request can make the search explode. The reachable parts are a sorted
// list plus an open tail (`open` and every part after it), which is what an
// absorbing part leaves behind.
function matchParts(heads: readonly PartPattern[], resource: WildcardPattern, arn: SplitArn): boolean {
  const count = arn.parts.length;
  // rewritten in place each level: a part's successors are written no
  // further along than the part itself was read from
  const listed: number[] = [0];
  let size = 1;
  let open = count;
  for (let i = 0; i < heads.length; i++) {
    const head = heads[i];
    if (!head) return false;
    // the latest start for part i that still leaves one request part for each later pattern part
    const limit = count - ARN_PARTS + i;
    const read = size;
    let written = 0;
    let nextOpen = count;
    // the listed parts, then the open tail: ascending either way
    for (let k = 0; ; k++) {
      const j = k < read ? (listed[k] ?? 0) : open + k - read;
      if (j > limit) break;
      if (!head.pattern.matches(arn.parts[j] ?? '')) continue;
      if (!head.absorbs) {
        listed[written++] = j + 1;
        continue;
      }
      // its ending star may swallow any run of following parts, so every
      // later start is reachable and later matches of this part add nothing
      nextOpen = j + 1;
      break;
    }
    if (written === 0 && nextOpen === count) return false;
    size = written;
    open = nextOpen;
  }
  // the resource part is the rest of the ARN, colons included; in the usual
  // case there is one place it can start, often the already split last part
  if (size === 1 && open === count) {
    const j = listed[0] ?? 0;
    return resource.matches(j === count - 1 ? (arn.parts[j] ?? '') : arn.text.slice(arn.starts[j]));
  }
  const test = resource.suffixTest(arn.text);
  for (let k = 0; k < size; k++) if (test(arn.starts[listed[k] ?? 0] ?? arn.text.length)) return true;
  for (let j = open; j < count; j++) if (test(arn.starts[j] ?? arn.text.length)) return true;
  return false;
}

function endsWithStar(segment: readonly TextPiece[]): boolean {
  for (let k = segment.length - 1; k >= 0; k--) {
    const piece = segment[k];
    if (!piece || piece.text === '') continue;
    return piece.wild && piece.text.endsWith('*');
  }
  return false;
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
