// One condition against the request context, following AWS's rules for
// missing keys, IfExists, negated operators and the set qualifiers.
import type { CompiledCondition } from './compile-condition.ts';
import type { OperatorSpec } from './operators/operator.ts';
import { resolveTemplate } from './policy-variables.ts';
import type { RequestContext } from './request-context.ts';
import type { ConditionTrace } from './types.ts';

/** Whether the condition holds; keys the request lacks are added to `missing`. */
export function testCondition(c: CompiledCondition, context: RequestContext, missing: string[]): boolean {
  const entry = context.entries.get(c.key);
  if (!entry) missing.push(c.keyName);
  const absent = !entry || entry.values.length === 0;
  const { spec, qualifier, ifExists } = c.operator;
  if (spec.testsPresence) return c.values.some((v) => v.parsed === absent);
  if (absent) {
    if (ifExists || qualifier === 'ForAllValues') return true;
    if (qualifier === 'ForAnyValue') return false;
    // AWS: a missing key never matches, so a negated operator holds
    return spec.negated;
  }
  const policyValues = resolveValues(c, context, missing);
  if (policyValues === null) return false;
  // without a qualifier a negated operator must hold for every value
  const every = qualifier === 'ForAllValues' || (qualifier === null && spec.negated);
  for (const raw of entry.values) {
    const holds = testValue(spec, raw, policyValues);
    if (holds !== every) return holds;
  }
  return every;
}

function testValue(spec: OperatorSpec, raw: string, policyValues: readonly unknown[]): boolean {
  const request = spec.parseRequestValue(raw);
  if (request === undefined) return false;
  let hit = false;
  for (const p of policyValues) {
    if (spec.matches(request, p)) {
      hit = true;
      break;
    }
  }
  return spec.negated ? !hit : hit;
}

// Values with unresolvable variables cannot match: skipped for positive
// operators; a negated operator cannot prove a non-match, so it fails (null).
function resolveValues(c: CompiledCondition, context: RequestContext, missing: string[]): readonly unknown[] | null {
  if (c.staticValues) return c.staticValues;
  const out: unknown[] = [];
  for (const value of c.values) {
    if (value.template === null) {
      out.push(value.parsed);
      continue;
    }
    const pieces = resolveTemplate(value.template, context, missing);
    const parsed = pieces === null ? undefined : c.operator.spec.parsePolicyValue(pieces);
    if (parsed !== undefined) out.push(parsed);
    else if (c.operator.spec.negated) return null;
  }
  return out;
}

/** The same test with a human-readable reason, for explain traces. */
export function explainCondition(c: CompiledCondition, context: RequestContext): ConditionTrace {
  const matched = testCondition(c, context, []);
  const entry = context.entries.get(c.key);
  const base = { operator: c.operatorName, key: c.keyName, matched };
  if (!entry || entry.values.length === 0) {
    const state = entry ? 'is empty' : 'is missing';
    return { ...base, reason: `key \`${c.keyName}\` ${state}${matched ? `: \`${c.operatorName}\` holds` : ''}` };
  }
  if (matched) return { ...base, reason: null };
  const shown = entry.values.map((v) => `\`${v}\``).join(', ');
  const wanted = c.values.map((v) => `\`${v.source}\``).join(', ');
  return { ...base, reason: `value ${shown} does not satisfy \`${c.operatorName}\` ${wanted || '(no values)'}` };
}
