// Partial evaluation of one identity-side statement: what is left of it when the resource, or
// the values of some condition keys, are not known yet. Everything known is decided now exactly
// as statement-match does; what is open comes back as tests on the resource's ARN and as the
// conditions on open keys, for the caller to apply later (a list filter, a step-up prompt).
import type { CompiledCondition } from './compile-condition.ts';
import type { CompiledStatement } from './compile-statement.ts';
import { testCondition } from './evaluate-condition.ts';
import type { Template } from './policy-variables.ts';
import type { PreparedRequest, RequestContext } from './request-context.ts';
import { matchAction, matchResource } from './statement-match.ts';

/** The resource's ARN matches one of `patterns` (policy Resource syntax); `negated`: none of them. */
export interface ArnTest {
  readonly patterns: readonly string[];
  readonly negated: boolean;
}

/**
 * A condition left open, as the policy writes it, known variables filled in: its key is open, or
 * one of its values names an open key (then `keyValues` holds the key's known values, [] when
 * the request lacks it; null when the key itself is open).
 */
export interface OpenCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly keyValues: readonly string[] | null;
}

/** A conjunction: every ARN test and every condition must hold. Empty: always holds. */
export interface Clause {
  readonly arnTests: readonly ArnTest[];
  readonly conditions: readonly OpenCondition[];
  /** the statements whose residual this is */
  readonly statements: readonly CompiledStatement[];
}

export interface PartialRequest {
  /** the request; its resource is not read when `resourceOpen` */
  readonly request: PreparedRequest;
  readonly resourceOpen: boolean;
  /** whether the value of a (lowercased) condition key is left open */
  readonly isOpenKey: (key: string) => boolean;
}

export const isAlways = (clause: Clause): boolean => clause.arnTests.length === 0 && clause.conditions.length === 0;

/** The residual of a statement without a Principal element, or null when it cannot apply. */
export function residualStatement(s: CompiledStatement, p: PartialRequest, missing: string[]): Clause | null {
  const req = p.request;
  if (s.principal || !matchAction(s, req.action)) return null;
  const arnTests: ArnTest[] = [];
  if (p.resourceOpen) {
    const test = resourceTest(s, req.context, p.isOpenKey);
    if (test === null) return null;
    if (test !== true) arnTests.push(test);
  } else if (!matchResource(s, req, missing)) {
    return null;
  }
  const conditions: OpenCondition[] = [];
  let holds = true;
  for (const c of s.conditions) {
    if (p.isOpenKey(c.key) || namesOpenKey(c, p.isOpenKey)) conditions.push(openCondition(c, req.context, p.isOpenKey));
    else if (!testCondition(c, req.context, missing)) holds = false;
  }
  return holds ? { arnTests, conditions, statements: [s] } : null;
}

// true: any resource; null: no resource. Mirrors matchResource: an entry with a variable that
// cannot be resolved never matches, and makes a NotResource statement inapplicable.
function resourceTest(s: CompiledStatement, context: RequestContext, isOpenKey: (key: string) => boolean): ArnTest | true | null {
  if (s.resources === null) return true;
  const patterns: string[] = [];
  for (const r of s.resources) {
    const text = renderTemplate(r.template, context, isOpenKey);
    if (text === null) {
      if (s.notResource) return null;
      continue;
    }
    if (text === '*') return s.notResource ? null : true;
    patterns.push(text);
  }
  if (patterns.length === 0) return s.notResource ? true : null;
  return { patterns, negated: s.notResource };
}

function namesOpenKey(c: CompiledCondition, isOpenKey: (key: string) => boolean): boolean {
  return c.values.some((v) => v.template !== null && v.template.parts.some((part) => part.kind === 'variable' && isOpenKey(part.key)));
}

function openCondition(c: CompiledCondition, context: RequestContext, isOpenKey: (key: string) => boolean): OpenCondition {
  const values = c.values.map((v) => (v.template === null ? v.source : (renderTemplate(v.template, context, isOpenKey) ?? v.source)));
  const keyValues = isOpenKey(c.key) ? null : [...(context.entries.get(c.key)?.values ?? [])];
  return { operator: c.operatorName, key: c.keyName, values, keyValues };
}

/**
 * The template as policy text with every known variable replaced by its value (its `*`, `?` and
 * `$` escaped as `${*}`, `${?}`, `${$}`) and open ones kept; null when a known variable cannot be
 * resolved. Literal `${` is escaped, so the text reads the same under Version 2012-10-17.
 */
export function renderTemplate(t: Template, context: RequestContext, isOpenKey: (key: string) => boolean): string | null {
  let out = '';
  for (const part of t.parts) {
    if (part.kind === 'text') out += part.text.replaceAll('${', '${$}{');
    else if (part.kind === 'escape') out += `\${${part.text}}`;
    else if (isOpenKey(part.key)) out += part.fallback === null ? `\${${part.name}}` : `\${${part.name}, '${part.fallback}'}`;
    else {
      const entry = context.entries.get(part.key);
      const value = entry && !entry.multi && entry.values.length === 1 ? entry.values[0] : undefined;
      const literal = value ?? part.fallback;
      if (literal === null || literal === undefined) return null;
      out += literal.replace(/[*?$]/g, (ch) => `\${${ch}}`);
    }
  }
  return out;
}
