// A hand-written matcher for IAM's two wildcards (`*` any run, `?` one char).
// It is built once per pattern and never uses RegExp, so building one per
// request (for patterns holding policy variables) stays cheap. Nothing here
// backtracks: chunks between stars have fixed length, so each is placed once
// (leftmost, or rightmost for suffix queries) and a match costs at most
// pattern length x text length, whatever either side holds.

/** Text for a pattern; `wild: false` pieces came from variables or escapes and match literally. */
export interface TextPiece { readonly text: string; readonly wild: boolean }

/** A fixed-length run between stars; `anyAt` marks `?` positions (null when there are none). */
interface Chunk { readonly text: string; readonly anyAt: readonly boolean[] | null }

export interface WildcardPattern {
  /** the pattern as written, for traces */
  readonly source: string;
  matches(text: string): boolean;
  /** prepares `text` once; the test says whether `text.slice(from)` matches, in time of the pattern's first chunk */
  suffixTest(text: string): (from: number) => boolean;
}

/** Compiles pattern text; with `ignoreCase` the caller must lowercase the text it matches. */
export function compileWildcard(pieces: readonly TextPiece[], ignoreCase = false): WildcardPattern {
  const source = pieces.map((p) => p.text).join('');
  const chunks = splitChunks(pieces, ignoreCase);
  return {
    source,
    matches: wholeMatcher(chunks),
    suffixTest: (text) => suffixTest(chunks, text),
  };
}

// Shortcuts for the shapes most policies use: exact text, `*`, `prefix*`.
function wholeMatcher(chunks: readonly Chunk[]): (text: string) => boolean {
  const only = chunks[0];
  const last = chunks[chunks.length - 1];
  if (chunks.length === 1 && only && only.anyAt === null) {
    const exact = only.text;
    return (text) => text === exact;
  }
  if (chunks.length === 2 && chunks.every((c) => c.text === '')) return () => true;
  if (chunks.length === 2 && only && only.anyAt === null && last?.text === '') {
    const prefix = only.text;
    return (text) => text.startsWith(prefix);
  }
  return (text) => matchChunks(chunks, text);
}

/** Convenience for policy text with no variables: every character may be a wildcard. */
export function compileWildcardText(text: string, ignoreCase = false): WildcardPattern {
  return compileWildcard([{ text, wild: true }], ignoreCase);
}

function splitChunks(pieces: readonly TextPiece[], ignoreCase: boolean): Chunk[] {
  const chunks: Chunk[] = [];
  let text = '';
  let anyAt: boolean[] = [];
  let hasAny = false;
  const flush = (): void => {
    chunks.push({ text, anyAt: hasAny ? anyAt : null });
    text = '';
    anyAt = [];
    hasAny = false;
  };
  for (const piece of pieces) {
    const value = ignoreCase ? piece.text.toLowerCase() : piece.text;
    for (const ch of value) {
      if (piece.wild && ch === '*') {
        flush();
      } else if (piece.wild && ch === '?') {
        text += '?';
        anyAt.push(true);
        hasAny = true;
      } else {
        // one entry per UTF-16 unit keeps anyAt aligned with string indexes
        text += ch;
        for (let i = 0; i < ch.length; i++) anyAt.push(false);
      }
    }
  }
  flush();
  return chunks;
}

function chunkAt(chunk: Chunk, text: string, at: number): boolean {
  if (chunk.anyAt === null) return text.startsWith(chunk.text, at);
  if (at + chunk.text.length > text.length) return false;
  for (let i = 0; i < chunk.text.length; i++) {
    if (!chunk.anyAt[i] && chunk.text.charCodeAt(i) !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

function findChunk(chunk: Chunk, text: string, from: number): number {
  if (chunk.anyAt === null) return text.indexOf(chunk.text, from);
  for (let at = from; at + chunk.text.length <= text.length; at++) {
    if (chunkAt(chunk, text, at)) return at;
  }
  return -1;
}

/** The rightmost place at or before `at` where the chunk fits, or -1. */
function findChunkBefore(chunk: Chunk, text: string, at: number): number {
  if (at < 0) return -1;
  if (chunk.anyAt === null) return text.lastIndexOf(chunk.text, at);
  for (let from = Math.min(at, text.length - chunk.text.length); from >= 0; from--) {
    if (chunkAt(chunk, text, from)) return from;
  }
  return -1;
}

// Chunks are fixed-length and separated by stars, so anchoring the first and
// last chunk and placing each middle chunk at its leftmost fit is exact.
function matchChunks(chunks: readonly Chunk[], text: string): boolean {
  const first = chunks[0];
  const last = chunks[chunks.length - 1];
  if (!first || !last) return false;
  if (chunks.length === 1) return first.text.length === text.length && chunkAt(first, text, 0);
  if (first.text.length + last.text.length > text.length) return false;
  if (!chunkAt(first, text, 0)) return false;
  const tailStart = text.length - last.text.length;
  if (!chunkAt(last, text, tailStart)) return false;
  let at = first.text.length;
  for (let i = 1; i < chunks.length - 1; i++) {
    const chunk = chunks[i];
    if (!chunk) return false;
    const found = findChunk(chunk, text, at);
    if (found < 0 || found + chunk.text.length > tailStart) return false;
    at = found + chunk.text.length;
  }
  return true;
}

// Many suffixes at once (the resource part of an ARN may start after any of
// hundreds of colons). The last chunk is anchored at the end for all of
// them; placing the middle chunks rightmost from there gives the latest
// start they tolerate, so each suffix then only checks its first chunk.
function suffixTest(chunks: readonly Chunk[], text: string): (from: number) => boolean {
  const first = chunks[0];
  const last = chunks[chunks.length - 1];
  if (!first || !last) return () => false;
  if (chunks.length === 1) {
    const at = text.length - first.text.length;
    const fits = at >= 0 && chunkAt(first, text, at);
    return (from) => fits && from === at;
  }
  const tailStart = text.length - last.text.length;
  if (tailStart < 0 || !chunkAt(last, text, tailStart)) return () => false;
  let latest = tailStart;
  for (let i = chunks.length - 2; i >= 1; i--) {
    const chunk = chunks[i];
    if (!chunk) return () => false;
    latest = findChunkBefore(chunk, text, latest - chunk.text.length);
    if (latest < 0) return () => false;
  }
  const bound = latest - first.text.length;
  return (from) => from <= bound && chunkAt(first, text, from);
}
