// The one shared harness for condition operators: each row is an operator,
// policy values and request values (undefined = key missing), and the answer.
import { expect, it } from 'vitest';
import { compileConditions } from '../../src/policy/compile-condition.ts';
import { testCondition } from '../../src/policy/evaluate-condition.ts';
import { buildRequestContext } from '../../src/policy/request-context.ts';

export interface ConditionRow {
  op: string;
  policy: string | number | boolean | Array<string | number | boolean>;
  request: string | string[] | undefined;
  expected: boolean;
  /** extra context for policy variables */
  context?: Record<string, string>;
  key?: string;
}

export function conditionHolds(row: ConditionRow): boolean {
  const key = row.key ?? 'test:Key';
  const [condition] = compileConditions({ [row.op]: { [key]: row.policy } }, true);
  if (!condition) throw new Error(`operator \`${row.op}\` did not compile`);
  const entries = Object.entries(row.context ?? {}).map(([k, v]) => ({ key: k, values: [v] }));
  if (row.request !== undefined) {
    const values = Array.isArray(row.request) ? row.request : [row.request];
    entries.push({ key, values, ...(Array.isArray(row.request) ? { type: 'STRING_LIST' as const } : {}) });
  }
  return testCondition(condition, buildRequestContext(entries), []);
}

/** Registers one `it` per row. */
export function runConditionTable(rows: readonly ConditionRow[]): void {
  for (const row of rows) {
    const shown = row.request === undefined ? 'missing' : JSON.stringify(row.request);
    it(`${row.op} ${JSON.stringify(row.policy)} vs ${shown} -> ${row.expected}`, () => {
      expect(conditionHolds(row)).toBe(row.expected);
    });
  }
}
