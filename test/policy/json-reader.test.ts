// The strict JSON reader: JSON.parse's value for every valid text, and a positioned refusal for
// what JSON.parse would let through (a repeated key) or what could exhaust the stack (deep nesting).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedsDepth, findDisallowedCharacter, findShapeProblem } from '../../src/policy/document-shape.ts';
import { readJson } from '../../src/policy/json-reader.ts';

const read = (text: string, maxDepth = 64) => readJson(text, { maxDepth });
const errorOf = (text: string, maxDepth = 64) => {
  const result = read(text, maxDepth);
  if (result.ok) throw new Error(`expected a refusal of ${text}`);
  return result.error;
};

describe('readJson', () => {
  it('gives exactly what JSON.parse gives for any JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = pretty ? JSON.stringify(value, null, '\t') : JSON.stringify(value);
        expect(read(text, 1000)).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      { numRuns: 300 },
    );
  });

  it('reads escapes, numbers and the literals as JSON.parse does', () => {
    const text = ' {"a\\u00e9\\n\\"":[-0.5e+3, 0, 1E2, true, false, null, "\\/\\\\\\b\\f\\r\\t"]} ';
    expect(read(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it('makes `__proto__` an own key, as JSON.parse does, never the prototype', () => {
    const result = read('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(result.ok && Object.keys(result.value as object)).toEqual(['__proto__']);
  });

  it('refuses a key repeated in one object, at any depth, naming the key and where it is', () => {
    expect(errorOf('{"a":1,"a":2}')).toMatchObject({ code: 'DUPLICATE_KEY', message: 'duplicate key `a` at line 1, column 8', position: 7, path: ['a'] });
    const nested = '{"Statement": [{"Effect": "Allow",\n "Effect": "Deny"}]}';
    expect(errorOf(nested)).toMatchObject({ code: 'DUPLICATE_KEY', message: 'duplicate key `Effect` at line 2, column 2', path: ['Statement', 0, 'Effect'] });
    // Keys equal after unescaping are the same key.
    expect(errorOf('{"Effect":1,"\\u0045ffect":2}').code).toBe('DUPLICATE_KEY');
    // The same key in sibling objects is fine.
    expect(read('[{"a":1},{"a":2}]').ok).toBe(true);
  });

  it('refuses nesting deeper than maxDepth as soon as it opens, without recursing', () => {
    expect(read('[[[]]]', 3).ok).toBe(true);
    expect(errorOf('[[[[]]]]', 3)).toMatchObject({ code: 'NESTING_TOO_DEEP', position: 3, path: [0, 0, 0] });
    expect(errorOf('{"a":{"b":{"c":{}}}}', 3)).toMatchObject({ code: 'NESTING_TOO_DEEP', path: ['a', 'b', 'c'] });
    // Far beyond what a recursive reader survives; refused at the limit, not read to the end.
    expect(errorOf('['.repeat(1_000_000), 32)).toMatchObject({ code: 'NESTING_TOO_DEEP', position: 32 });
    // A reader without a depth limit still never overflows the stack.
    const deep = read('['.repeat(200_000) + ']'.repeat(200_000), Infinity);
    expect(deep.ok).toBe(true);
  });

  it('refuses what JSON.parse refuses, with a position', () => {
    for (const text of ['', '{', '[1,]', '{"a" 1}', '{"a":1,}', '01', '1.', '"\\x"', '"\\u12"', '"a\tb"', 'tru', '[1] 2', "{'a':1}", 'NaN', '"open']) {
      expect(() => JSON.parse(text), text).toThrow();
      const error = errorOf(text);
      expect(error.code, text).toBe('JSON_SYNTAX_ERROR');
      expect(error.message, text).toMatch(/at line 1, column \d+$/);
    }
  });
});

describe('document shape', () => {
  it('accepts tab, line feed, carriage return and U+0020 to U+00FF only', () => {
    expect(findDisallowedCharacter('\t\n\r ~\x7f\u00e9\u00ff')).toBe(-1);
    expect(findDisallowedCharacter('ab\u0100')).toBe(2);
    expect(findDisallowedCharacter('a\u0000')).toBe(1);
    expect(findDisallowedCharacter('x\u{1F600}')).toBe(1);
  });

  it('finds a bad character in any string or key of a parsed value, with its path', () => {
    expect(findShapeProblem({ Statement: [{ Sid: 'ok', Resource: ['a', 'b\u2028'] }] })).toMatchObject({ code: 'INVALID_CHARACTER', path: ['Statement', 0, 'Resource', 1] });
    expect(findShapeProblem({ Statement: [{ ['Sid\u0100']: 'x' }] })).toMatchObject({ code: 'INVALID_CHARACTER', path: ['Statement', 0, 'Sid\u0100'] });
    expect(findShapeProblem({ Statement: [{ Effect: 'Allow', Action: 's3:*' }] })).toBeUndefined();
  });

  it('measures nesting of parsed values without recursing', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(exceedsDepth(deep, 32)).toBe(true);
    expect(findShapeProblem(deep)).toMatchObject({ code: 'NESTING_TOO_DEEP' });
    expect(exceedsDepth([[[]]], 3)).toBe(false);
    expect(exceedsDepth([[[[]]]], 3)).toBe(true);
  });
});
