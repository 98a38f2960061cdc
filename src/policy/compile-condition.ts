// A Condition block compiled to a flat list: operator looked up, key folded,
// static values parsed; values with policy variables keep their template.
import { isObject } from './parse-document.ts';
import { parseOperatorName, type ParsedOperator } from './operators/registry.ts';
import { parseTemplate, staticPieces, type Template } from './policy-variables.ts';
import { conditionValues } from './validate-condition.ts';

export interface CompiledValue {
  /** the template when the value holds policy variables, else null */
  readonly template: Template | null;
  /** the parsed value when static */
  readonly parsed: unknown;
  readonly source: string;
}

export interface CompiledCondition {
  readonly operatorName: string;
  readonly operator: ParsedOperator;
  /** lowercased for lookup */
  readonly key: string;
  readonly keyName: string;
  readonly values: readonly CompiledValue[];
  /** every value parsed, when none holds a policy variable (the common case) */
  readonly staticValues: readonly unknown[] | null;
}

/** Compiles a validated Condition element. */
export function compileConditions(condition: unknown, variablesEnabled: boolean): CompiledCondition[] {
  if (!isObject(condition)) return [];
  const compiled: CompiledCondition[] = [];
  for (const [operatorName, block] of Object.entries(condition)) {
    const operator = parseOperatorName(operatorName);
    if (!operator || !isObject(block)) continue;
    for (const [keyName, raw] of Object.entries(block)) {
      const values = (conditionValues(raw) ?? []).map((source) => compileValue(source, operator, variablesEnabled));
      const staticValues = values.every((v) => v.template === null) ? values.map((v) => v.parsed) : null;
      compiled.push({ operatorName, operator, key: keyName.toLowerCase(), keyName, values, staticValues });
    }
  }
  return compiled;
}

function compileValue(source: string, operator: ParsedOperator, variablesEnabled: boolean): CompiledValue {
  const template = parseTemplate(source, variablesEnabled && operator.spec.supportsVariables);
  if (template.hasVariables) return { template, parsed: undefined, source };
  return { template: null, parsed: operator.spec.parsePolicyValue(staticPieces(template)), source };
}
