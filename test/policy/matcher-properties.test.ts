// The compiled wildcard and ARN matchers against a reference written straight
// from the documented semantics (memoised recursion, slow but obviously
// right), on random patterns and inputs over a tiny alphabet so that matches,
// near misses and colon-heavy ARNs all come up often.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileArnPattern, splitArn } from '../../src/policy/arn-pattern.ts';
import { compileWildcard, type TextPiece } from '../../src/policy/wildcard-pattern.ts';

type Token = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; unit: string };

// `*` and `?` are wildcards only in wild pieces; variable values and escapes
// are literal. With ignoreCase the pattern is lowercased (the caller lowercases the text).
function tokenise(pieces: readonly TextPiece[], ignoreCase: boolean): Token[] {
  const tokens: Token[] = [];
  for (const piece of pieces) {
    const text = ignoreCase ? piece.text.toLowerCase() : piece.text;
    for (const unit of text) {
      if (piece.wild && unit === '*') tokens.push({ kind: 'star' });
      else if (piece.wild && unit === '?') tokens.push({ kind: 'any' });
      else tokens.push({ kind: 'char', unit });
    }
  }
  return tokens;
}

/** `*` matches any run of characters, `?` exactly one, anything else itself. */
function refWildcard(tokens: readonly Token[], text: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (p: number, t: number): boolean => {
    if (p === tokens.length) return t === text.length;
    const key = p * (text.length + 1) + t;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const token = tokens[p];
    let result: boolean;
    if (token?.kind === 'star') result = go(p + 1, t) || (t < text.length && go(p, t + 1));
    else result = t < text.length && (token?.kind === 'any' || token?.unit === text[t]) && go(p + 1, t + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * The Resource element and Arn* operator rules: the first five colons split the
 * pattern into six parts; a pattern with fewer is matched against the whole
 * string. Parts one to five each match one colon-separated part of the ARN,
 * except that (when absorbing) a part ending in `*` may also swallow any number
 * of the parts after it; the sixth part matches the rest of the ARN, colons included.
 */
function refArn(pieces: readonly TextPiece[], absorb: boolean, text: string): boolean {
  const tokens = tokenise(pieces, false);
  const segments: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'char' && token.unit === ':' && segments.length < 6) segments.push([]);
    else segments[segments.length - 1]?.push(token);
  }
  if (segments.length < 6) return refWildcard(tokens, text);
  const parts = text.split(':');
  if (parts.length < 6) return false;
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    if (i === 5) return j < parts.length && refWildcard(segments[5] ?? [], parts.slice(j).join(':'));
    if (j >= parts.length) return false;
    const key = i * (parts.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const segment = segments[i] ?? [];
    let result = false;
    if (refWildcard(segment, parts[j] ?? '')) {
      const absorbs = absorb && segment[segment.length - 1]?.kind === 'star';
      for (let k = j + 1; k <= (absorbs ? parts.length : j + 1) && !result; k++) result = go(i + 1, k);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

const textChar = fc.constantFrom('a', 'b', ':', '/');
const patternChar = fc.constantFrom('a', 'b', 'A', '*', '*', '?', ':', ':', '/');
const shortText = fc.string({ unit: textChar, maxLength: 5 });
const wildText = fc.string({ unit: patternChar, maxLength: 6 });

// One to three pieces; literal pieces stand for resolved variables and escapes.
const pieces: fc.Arbitrary<TextPiece[]> = fc.array(
  fc.record({ text: wildText, wild: fc.boolean() }),
  { minLength: 1, maxLength: 3 },
);

// ARN-shaped patterns: several colon-separated parts, then split into pieces.
const arnPieces: fc.Arbitrary<TextPiece[]> = fc.tuple(
  fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '*', '*', '?', '/'), maxLength: 3 }), { minLength: 4, maxLength: 9 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
).map(([parts, wildness]) => {
  const text = parts.join(':');
  const size = Math.ceil(text.length / wildness.length);
  return wildness.map((wild, i) => ({ text: text.slice(i * size, (i + 1) * size), wild }));
});

// A text that matches the pattern often: each wildcard filled with a random run.
function instantiate(p: readonly TextPiece[], fills: readonly string[], ignoreCase: boolean): string {
  let at = 0;
  const fill = (): string => fills[at++ % Math.max(1, fills.length)] ?? '';
  return tokenise(p, ignoreCase).map((t) => (t.kind === 'star' ? fill() : t.kind === 'any' ? (fill() + 'a').charAt(0) : t.unit)).join('');
}

const fills = fc.array(fc.string({ unit: textChar, maxLength: 8 }), { maxLength: 6 });
const textFor = (p: fc.Arbitrary<TextPiece[]>, ignoreCase: boolean): fc.Arbitrary<[TextPiece[], string]> =>
  fc.tuple(p, fills, fc.array(shortText, { maxLength: 12 }), fc.boolean()).map(([ps, f, random, near]) => {
    const text = near ? instantiate(ps, f, ignoreCase) : random.join(':');
    return [ps, ignoreCase ? text.toLowerCase() : text];
  });

const runs = { numRuns: 2000 };

/** Runs the property and checks both answers came up often enough to mean something. */
function assertBoth(arbitrary: fc.Arbitrary<[TextPiece[], string]>, check: (p: TextPiece[], text: string) => boolean): void {
  const seen = { true: 0, false: 0 };
  fc.assert(fc.property(arbitrary, ([p, text]) => {
    seen[String(check(p, text)) as 'true' | 'false']++;
  }), runs);
  expect(seen.true).toBeGreaterThan(runs.numRuns / 20);
  expect(seen.false).toBeGreaterThan(runs.numRuns / 20);
}

describe('wildcard matcher agrees with the reference', () => {
  for (const ignoreCase of [false, true]) {
    it(`matches whole strings${ignoreCase ? ', ignoring case' : ''}`, () => {
      assertBoth(textFor(pieces, ignoreCase), (p, text) => {
        const expected = refWildcard(tokenise(p, ignoreCase), text);
        expect(compileWildcard(p, ignoreCase).matches(text)).toBe(expected);
        return expected;
      });
    });
  }

  it('matches suffixes from many starts at once', () => {
    const starts = fc.array(fc.nat({ max: 30 }), { maxLength: 6 });
    fc.assert(fc.property(textFor(pieces, false), starts, ([p, text], raw) => {
      const from = [...new Set(raw.filter((s) => s <= text.length))].sort((a, b) => a - b);
      const tokens = tokenise(p, false);
      const expected = from.some((s) => refWildcard(tokens, text.slice(s)));
      const test = compileWildcard(p).suffixTest(text);
      expect(from.some(test)).toBe(expected);
    }), runs);
  });
});

describe('ARN matcher agrees with the reference', () => {
  for (const absorb of [true, false]) {
    it(`${absorb ? 'Resource (part-ending stars absorb parts)' : 'Arn* conditions (parts never absorb)'}`, () => {
      assertBoth(textFor(fc.oneof(arnPieces, pieces), false), (p, text) => {
        const expected = refArn(p, absorb, text);
        expect(compileArnPattern(p, absorb).matches(text, splitArn(text))).toBe(expected);
        return expected;
      });
    });
  }
});
