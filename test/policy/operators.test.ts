// Every condition operator family through one shared table-driven harness:
// each row is an operator, policy values and request values (undefined = key
// missing), and whether the condition holds.
import { describe, expect, it } from 'vitest';
import { compileConditions } from '../../src/policy/compile-condition.ts';
import { testCondition } from '../../src/policy/evaluate-condition.ts';
import { buildRequestContext } from '../../src/policy/request-context.ts';

interface ConditionRow {
  op: string;
  policy: string | number | boolean | Array<string | number | boolean>;
  request: string | string[] | undefined;
  expected: boolean;
  /** extra context for policy variables */
  context?: Record<string, string>;
  key?: string;
}

function conditionHolds(row: ConditionRow): boolean {
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
function runConditionTable(rows: readonly ConditionRow[]): void {
  for (const row of rows) {
    const shown = row.request === undefined ? 'missing' : JSON.stringify(row.request);
    it(`${row.op} ${JSON.stringify(row.policy)} vs ${shown} -> ${row.expected}`, () => {
      expect(conditionHolds(row)).toBe(row.expected);
    });
  }
}

describe('string operators', () => {
  runConditionTable([
    { op: 'StringEquals', policy: 'abc', request: 'abc', expected: true },
    { op: 'StringEquals', policy: 'abc', request: 'ABC', expected: false },
    { op: 'StringEquals', policy: ['x', 'abc'], request: 'abc', expected: true },
    { op: 'StringEquals', policy: 'a*', request: 'abc', expected: false },
    { op: 'StringEquals', policy: 'abc', request: undefined, expected: false },
    { op: 'StringNotEquals', policy: 'abc', request: 'abd', expected: true },
    { op: 'StringNotEquals', policy: ['abc', 'abd'], request: 'abd', expected: false },
    { op: 'StringNotEquals', policy: 'abc', request: undefined, expected: true },
    { op: 'StringEqualsIgnoreCase', policy: 'ABC', request: 'abc', expected: true },
    { op: 'StringNotEqualsIgnoreCase', policy: 'ABC', request: 'abc', expected: false },
    { op: 'StringLike', policy: 'a*c', request: 'abbbc', expected: true },
    { op: 'StringLike', policy: 'a?c', request: 'abc', expected: true },
    { op: 'StringLike', policy: 'a?c', request: 'abbc', expected: false },
    { op: 'StringLike', policy: '*', request: '', expected: true },
    { op: 'StringLike', policy: 'A*', request: 'abc', expected: false },
    { op: 'StringNotLike', policy: 'a*', request: 'bcd', expected: true },
    { op: 'StringNotLike', policy: 'a*', request: undefined, expected: true },
    { op: 'StringEqualsIfExists', policy: 'abc', request: undefined, expected: true },
    { op: 'StringEqualsIfExists', policy: 'abc', request: 'abd', expected: false },
    { op: 'StringNotEqualsIfExists', policy: 'abc', request: undefined, expected: true },
  ]);
});

describe('policy variables in condition values', () => {
  runConditionTable([
    { op: 'StringEquals', policy: '${aws:username}', request: 'alice', context: { 'aws:username': 'alice' }, expected: true },
    { op: 'StringEquals', policy: '${aws:username}', request: 'alice', expected: false },
    { op: 'StringEquals', policy: "${aws:username, 'none'}", request: 'none', expected: true },
    { op: 'StringLike', policy: 'home/${aws:username}/*', request: 'home/bob/x', context: { 'aws:username': 'bob' }, expected: true },
    { op: 'StringLike', policy: 'a${*}', request: 'a*', expected: true },
    { op: 'StringLike', policy: 'a${*}', request: 'ab', expected: false },
    { op: 'StringNotEquals', policy: '${aws:username}', request: 'alice', expected: false },
    { op: 'ArnLike', policy: 'arn:aws:iam::*:user/${aws:username}', request: 'arn:aws:iam::1:user/al', context: { 'aws:username': 'al' }, expected: true },
  ]);
});

describe('numeric operators', () => {
  runConditionTable([
    { op: 'NumericEquals', policy: 10, request: '10', expected: true },
    { op: 'NumericEquals', policy: '10', request: '10.0', expected: true },
    { op: 'NumericNotEquals', policy: 10, request: '11', expected: true },
    { op: 'NumericLessThan', policy: 10, request: '9.5', expected: true },
    { op: 'NumericLessThan', policy: 10, request: '10', expected: false },
    { op: 'NumericLessThanEquals', policy: 10, request: '10', expected: true },
    { op: 'NumericGreaterThan', policy: 10, request: '11', expected: true },
    { op: 'NumericGreaterThanEquals', policy: -1, request: '-1', expected: true },
    { op: 'NumericEquals', policy: 10, request: 'ten', expected: false },
    { op: 'NumericNotEquals', policy: 10, request: 'ten', expected: false },
    { op: 'NumericLessThan', policy: 10, request: undefined, expected: false },
  ]);
});

describe('date operators', () => {
  runConditionTable([
    { op: 'DateEquals', policy: '2020-01-01T00:00:00Z', request: '1577836800', expected: true },
    { op: 'DateEquals', policy: '2020-01-01', request: '2020-01-01T00:00:00Z', expected: true },
    { op: 'DateNotEquals', policy: '2020-01-01', request: '2020-01-02', expected: true },
    { op: 'DateLessThan', policy: '2020-01-01T00:00:00Z', request: '2019-12-31T23:59:59Z', expected: true },
    { op: 'DateLessThan', policy: '2020-01-01T00:00:00+01:00', request: '2019-12-31T23:30:00Z', expected: false },
    { op: 'DateLessThanEquals', policy: 1577836800, request: '2020-01-01T00:00:00Z', expected: true },
    { op: 'DateGreaterThan', policy: '2020-01-01T00:00:00Z', request: '2020-01-01T00:00:01Z', expected: true },
    { op: 'DateGreaterThanEquals', policy: '2020-01-01T00:00:00.000Z', request: '2020-01-01T00:00:00Z', expected: true },
    { op: 'DateGreaterThan', policy: '2020-01-01', request: 'yesterday', expected: false },
  ]);
});

describe('bool, binary, null', () => {
  runConditionTable([
    { op: 'Bool', policy: true, request: 'true', expected: true },
    { op: 'Bool', policy: 'true', request: 'TRUE', expected: true },
    { op: 'Bool', policy: 'false', request: 'true', expected: false },
    { op: 'Bool', policy: 'true', request: undefined, expected: false },
    { op: 'BoolIfExists', policy: 'true', request: undefined, expected: true },
    { op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'QmluYXJ5', expected: true },
    { op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'QmluYXJ6', expected: false },
    { op: 'Null', policy: 'true', request: undefined, expected: true },
    { op: 'Null', policy: 'true', request: 'x', expected: false },
    { op: 'Null', policy: 'false', request: 'x', expected: true },
    { op: 'Null', policy: 'false', request: undefined, expected: false },
    { op: 'Null', policy: 'true', request: [], expected: true },
  ]);
});

describe('ip operators', () => {
  runConditionTable([
    { op: 'IpAddress', policy: '10.0.0.0/8', request: '10.255.0.1', expected: true },
    { op: 'IpAddress', policy: '10.0.0.0/8', request: '11.0.0.1', expected: false },
    { op: 'IpAddress', policy: '192.0.2.7', request: '192.0.2.7', expected: true },
    { op: 'IpAddress', policy: '0.0.0.0/0', request: '8.8.8.8', expected: true },
    { op: 'IpAddress', policy: '2001:db8::/32', request: '2001:db8:1::5', expected: true },
    { op: 'IpAddress', policy: '2001:db8::/32', request: '2001:db9::5', expected: false },
    { op: 'IpAddress', policy: '::ffff:10.0.0.0/104', request: '::ffff:10.1.2.3', expected: true },
    { op: 'IpAddress', policy: '10.0.0.0/8', request: '2001:db8::1', expected: false },
    { op: 'NotIpAddress', policy: ['10.0.0.0/8', '192.168.0.0/16'], request: '172.16.0.1', expected: true },
    { op: 'NotIpAddress', policy: ['10.0.0.0/8', '192.168.0.0/16'], request: '192.168.1.1', expected: false },
    { op: 'IpAddress', policy: '10.0.0.0/8', request: 'not-an-ip', expected: false },
  ]);
});

describe('arn operators', () => {
  runConditionTable([
    { op: 'ArnEquals', policy: 'arn:aws:sns:us-east-1:123456789012:topic', request: 'arn:aws:sns:us-east-1:123456789012:topic', expected: true },
    { op: 'ArnLike', policy: 'arn:aws:sns:*:123456789012:*', request: 'arn:aws:sns:eu-west-1:123456789012:t', expected: true },
    { op: 'ArnLike', policy: 'arn:aws:iam::*:role/x', request: 'arn:aws:iam::1:2:role/x', expected: false },
    { op: 'ArnLike', policy: 'arn:aws:s3:::b/*', request: 'arn:aws:s3:::b/k:with:colons', expected: true },
    { op: 'ArnLike', policy: 'arn:aws:s3:::B/*', request: 'arn:aws:s3:::b/k', expected: false },
    { op: 'ArnNotEquals', policy: 'arn:aws:iam::1:role/a', request: 'arn:aws:iam::1:role/b', expected: true },
    { op: 'ArnNotLike', policy: 'arn:aws:iam::*:role/a*', request: 'arn:aws:iam::1:role/ab', expected: false },
    { op: 'ArnLike', policy: 'arn:aws:s3:::b', request: 'not-an-arn', expected: false },
  ]);
});

describe('set qualifiers on multi-valued keys', () => {
  runConditionTable([
    { op: 'ForAllValues:StringEquals', policy: ['a', 'b'], request: ['a', 'b'], expected: true },
    { op: 'ForAllValues:StringEquals', policy: ['a', 'b'], request: ['a', 'c'], expected: false },
    { op: 'ForAllValues:StringEquals', policy: ['a'], request: undefined, expected: true },
    { op: 'ForAllValues:StringEquals', policy: ['a'], request: [], expected: true },
    { op: 'ForAnyValue:StringEquals', policy: ['a'], request: ['b', 'a'], expected: true },
    { op: 'ForAnyValue:StringEquals', policy: ['a'], request: ['b', 'c'], expected: false },
    { op: 'ForAnyValue:StringEquals', policy: ['a'], request: undefined, expected: false },
    { op: 'ForAnyValue:StringEquals', policy: ['a'], request: [], expected: false },
    { op: 'ForAllValues:StringNotEquals', policy: ['a'], request: ['b', 'c'], expected: true },
    { op: 'ForAllValues:StringNotEquals', policy: ['a'], request: ['a', 'c'], expected: false },
    { op: 'ForAnyValue:StringNotEquals', policy: ['a'], request: ['a', 'c'], expected: true },
    { op: 'ForAnyValue:StringLike', policy: ['team-*'], request: ['x', 'team-a'], expected: true },
    { op: 'ForAnyValue:StringEqualsIfExists', policy: ['a'], request: undefined, expected: true },
    { op: 'StringEquals', policy: ['a'], request: ['b', 'a'], expected: true },
    { op: 'StringNotEquals', policy: ['a'], request: ['b', 'a'], expected: false },
  ]);
});
