// Shape of a Condition block: operator -> key -> value(s), with values that
// the operator can read (numbers, dates, IPs, ... are checked here so a bad
// literal is an error at write time rather than a silent non-match later).
import { quote, report, type StatementScope } from './finding.ts';
import { isObject } from './parse-document.ts';
import { parseOperatorName, type ParsedOperator } from './operators/registry.ts';

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Condition values as strings, or undefined when the shape is wrong. */
export function conditionValues(value: unknown): string[] | undefined {
  if (isScalar(value)) return [String(value)];
  if (Array.isArray(value) && value.every(isScalar)) return value.map(String);
  return undefined;
}

export function validateCondition(condition: unknown, scope: StatementScope): void {
  if (!isObject(condition)) {
    report(scope, 'ERROR', 'DATA_TYPE_MISMATCH', ['Condition'], '`Condition`: must be an object of operators');
    return;
  }
  for (const [name, block] of Object.entries(condition)) {
    const operator = parseOperatorName(name);
    if (!operator) {
      report(scope, 'ERROR', 'UNKNOWN_CONDITION_OPERATOR', ['Condition', name], `\`Condition\`: unknown operator ${quote(name)}`);
      continue;
    }
    if (!isObject(block)) {
      report(scope, 'ERROR', 'DATA_TYPE_MISMATCH', ['Condition', name], `\`Condition\`: ${quote(name)} must map context keys to values`);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) validateEntry(name, operator, key, raw, scope);
  }
}

function validateEntry(name: string, operator: ParsedOperator, key: string, raw: unknown, scope: StatementScope): void {
  const path = ['Condition', name, key];
  const values = conditionValues(raw);
  if (!values) {
    report(scope, 'ERROR', 'INVALID_CONDITION_VALUE', path,
      `\`Condition\`: ${quote(name)}: ${quote(key)}: values must be strings, numbers or booleans`);
    return;
  }
  if (key.trim() === '') report(scope, 'ERROR', 'INVALID_CONDITION_KEY', path, `\`Condition\`: ${quote(name)}: empty context key`);
  if (values.length === 0) {
    report(scope, 'SUGGESTION', 'EMPTY_ARRAY', path, `\`Condition\`: ${quote(name)}: ${quote(key)}: empty array`);
  }
  values.forEach((value, i) => {
    const valuePath = Array.isArray(raw) ? [...path, i] : path;
    if (value.includes('${') && operator.spec.supportsVariables) {
      // the value is only known per request; without 2012-10-17 it stays literal
      if (!scope.variablesEnabled) {
        report(scope, 'WARNING', 'POLICY_VARIABLE_WITHOUT_VERSION', valuePath,
          `\`Condition\`: ${quote(value)} uses a policy variable, which needs \`Version\` \`2012-10-17\``);
      }
      return;
    }
    if (operator.spec.parsePolicyValue([{ text: value, wild: true }]) === undefined) {
      report(scope, 'ERROR', operator.spec.invalidValueCode, valuePath,
        `\`Condition\`: ${quote(name)}: ${quote(key)}: ${quote(value)} is not ${operator.spec.expects}`);
    }
  });
}
