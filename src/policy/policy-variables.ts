// Policy variables (`${aws:username}`, `${key, 'default'}`, escapes `${*}`
// `${?}` `${$}`). Templates are parsed at compile time; a request only looks
// values up and concatenates. Only Version 2012-10-17 policies have variables;
// older ones treat `${...}` as literal text.
import type { RequestContext } from './request-context.ts';
import type { TextPiece } from './wildcard-pattern.ts';

type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'escape'; readonly text: string }
  | { readonly kind: 'variable'; readonly key: string; readonly name: string; readonly fallback: string | null };

export interface Template {
  readonly source: string;
  readonly hasVariables: boolean;
  readonly parts: readonly TemplatePart[];
}

const ESCAPES = new Set(['*', '?', '$']);
// The optional default owns its leading blanks: two adjacent `\s*` would make
// a name followed by many blanks and junk backtrack quadratically.
const VARIABLE = /^([^\s,'}]+)(?:\s*,\s*'([^']*)')?\s*$/;

/** Splits text into literal text, escapes and variables. */
export function parseTemplate(source: string, variablesEnabled: boolean): Template {
  if (!variablesEnabled || !source.includes('${')) {
    return { source, hasVariables: false, parts: [{ kind: 'text', text: source }] };
  }
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('${', at);
    const close = open < 0 ? -1 : source.indexOf('}', open);
    if (open < 0 || close < 0) {
      parts.push({ kind: 'text', text: source.slice(at) });
      break;
    }
    if (open > at) parts.push({ kind: 'text', text: source.slice(at, open) });
    parts.push(parseVariable(source.slice(open + 2, close), source.slice(open, close + 1)));
    at = close + 1;
  }
  return { source, hasVariables: parts.some((p) => p.kind === 'variable'), parts };
}

function parseVariable(inner: string, whole: string): TemplatePart {
  if (ESCAPES.has(inner)) return { kind: 'escape', text: inner };
  const match = VARIABLE.exec(inner.trim());
  if (!match?.[1]) return { kind: 'text', text: whole };
  return { kind: 'variable', key: match[1].toLowerCase(), name: match[1], fallback: match[2] ?? null };
}

/** Names of the variables a template uses, for validation and missing-key reports. */
export function templateVariables(template: Template): string[] {
  return template.parts.flatMap((p) => (p.kind === 'variable' ? [p.name] : []));
}

/**
 * Substitutes variables; null when one cannot be resolved (missing or
 * multi-valued key without a default), which makes the entry unmatchable.
 * Unresolved names are added to `missing` when given.
 */
export function resolveTemplate(template: Template, context: RequestContext, missing?: string[]): TextPiece[] | null {
  const pieces: TextPiece[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') {
      pieces.push({ text: part.text, wild: true });
    } else if (part.kind === 'escape') {
      pieces.push({ text: part.text, wild: false });
    } else {
      const entry = context.entries.get(part.key);
      const value = entry && !entry.multi && entry.values.length === 1 ? entry.values[0] : undefined;
      if (value !== undefined) {
        pieces.push({ text: value, wild: false });
      } else if (part.fallback !== null) {
        pieces.push({ text: part.fallback, wild: false });
      } else {
        missing?.push(part.name);
        return null;
      }
    }
  }
  return pieces;
}

/** The template's own text as wildcard-capable pieces (no variables in it). */
export function staticPieces(template: Template): TextPiece[] {
  return template.parts.map((p) => ({ text: p.kind === 'variable' ? '' : p.text, wild: p.kind === 'text' }));
}
