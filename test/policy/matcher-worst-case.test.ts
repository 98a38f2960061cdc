// Hostile patterns against hostile inputs: anyone who can call
// simulateCustomPolicy supplies both sides. The ARN matcher is held to a
// deterministic budget of reads; the evaluate() batches only have to finish,
// which took minutes to hours before matching became linear (the per-test
// timeouts are orders of magnitude above what they take now).
import { describe, expect, it } from 'vitest';
import { compileArnPattern, splitArn, type SplitArn } from '../../src/policy/arn-pattern.ts';
import { compilePolicy, evaluate, type AccessRequest, type CompiledPolicy } from '../../src/policy/index.ts';
import { parseTemplate } from '../../src/policy/policy-variables.ts';
import { compileWildcardText } from '../../src/policy/wildcard-pattern.ts';

const V = '2012-10-17';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const HOSTILE = ['arn:*:*:*:*:*a', 'arn:*:*:*:*:*:*b', 'arn:aws:*:*:*:*:*:*:*:*c', 'arn:*?*:*?*:*?*:*?*:*?*d'];

/** A 2,048-character ARN of `colons` colons that ends in `last`. */
function longArn(colons: number, last: string): string {
  const body = `arn:aws:s3:${'x:'.repeat(colons - 3)}`;
  return body + 'y'.repeat(2048 - body.length - last.length) + last;
}

// Counts every read of a request part or part offset and stops the match
// once it exceeds the budget, so the old exponential search fails fast.
function budgeted(arn: SplitArn, budget: number): { arn: SplitArn; reads: () => number } {
  let reads = 0;
  const counted = <T>(list: readonly T[]): readonly T[] => new Proxy(list, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key) && ++reads > budget) throw new Error(`over budget: ${reads} reads`);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { arn: { text: arn.text, parts: counted(arn.parts), starts: counted(arn.starts) }, reads: () => reads };
}

describe('ARN matching work is linear in the parts of the request', () => {
  for (const source of [...HOSTILE, '*:*:*:*:*:*:*e']) {
    for (const absorb of [true, false]) {
      it(`${source} (${absorb ? 'Resource' : 'ArnLike'}) reads each of 700 parts a few times at most`, () => {
        const pattern = compileArnPattern([{ text: source, wild: true }], absorb);
        for (const last of ['z', source.slice(-1)]) {
          const text = longArn(700, last);
          const arn = splitArn(text);
          if (!arn) throw new Error('not an ARN');
          const run = budgeted(arn, 7 * arn.parts.length);
          const matched = pattern.matches(text, run.arn);
          expect(matched).toBe(last !== 'z');
          expect(run.reads()).toBeLessThanOrEqual(7 * arn.parts.length);
        }
      });
    }
  }
});

const hostilePolicy: CompiledPolicy = compilePolicy({
  Version: V,
  Statement: [
    { Sid: 'Arns', Effect: 'Allow', Action: '*', Resource: HOSTILE },
    { Sid: 'Variable', Effect: 'Allow', Action: '*', Resource: 'arn:*:*:*:*:*:*${aws:username}' },
    { Sid: 'Guard', Effect: 'Deny', Action: 's3:*a*a*a*a*a*a*a*a*b', NotResource: ['arn:*:*:*:*:*:*:*:*:*q', 'arn:*?*:*?*:*?*:*?*:*?*?*?*q'] },
    { Sid: 'Conditions', Effect: 'Allow', Action: 'x:*', Resource: '*', Condition: {
      StringLike: { 'aws:UserAgent': ['*a*a*a*a*a*a*a*b', '*a?a?a?a?a?a?a?b*'] },
      ArnLike: { 'aws:SourceArn': HOSTILE },
    } },
  ],
}, { id: 'hostile', type: 'IDENTITY' });

function decide(action: string, resource: string, context: AccessRequest['context'] = []): string {
  return evaluate({ request: { principal: ALICE, action, resource, context }, identityPolicies: [hostilePolicy] }).decision;
}

describe('evaluate() over hostile patterns and 2,048-character inputs', () => {
  it('decides a batch of 1,000 requests', () => {
    const miss = longArn(600, 'z');
    const longAction = `s3:${'a'.repeat(2044)}b`;
    const agent = [{ key: 'aws:UserAgent', values: ['a'.repeat(2048)] }, { key: 'aws:SourceArn', values: [miss] }];
    for (let i = 0; i < 250; i++) {
      expect(decide('s3:GetObject', miss)).toBe('IMPLICIT_DENY');
      expect(decide('s3:GetObject', longArn(600, 'a'))).toBe('ALLOWED');
      expect(decide(longAction, miss)).toBe('EXPLICIT_DENY');
      expect(decide('x:Go', miss, agent)).toBe('IMPLICIT_DENY');
    }
  }, 30_000);

  it('reads a long numeric request value without backtracking', () => {
    const numeric = compilePolicy({ Version: V, Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } },
    ] }, { id: 'numeric', type: 'IDENTITY' });
    const context = [{ key: 's3:max-keys', values: [`${'1'.repeat(40_000)}x`] }];
    for (let i = 0; i < 10; i++) {
      const request = { principal: ALICE, action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context };
      expect(evaluate({ request, identityPolicies: [numeric] }).decision).toBe('IMPLICIT_DENY');
    }
  }, 20_000);

  it('reads a long malformed policy variable without backtracking', () => {
    const source = `arn:aws:s3:::\${aws:username${' '.repeat(60_000)}x}`;
    for (let i = 0; i < 10; i++) expect(parseTemplate(source, true).hasVariables).toBe(false);
  }, 20_000);

  it('matches wildcard actions against long names in one pass', () => {
    const pattern = compileWildcardText('*a*a*a*a*a*a*a*a*a*a*b', true);
    expect(pattern.matches('a'.repeat(100_000))).toBe(false);
    expect(pattern.matches(`${'a'.repeat(100_000)}b`)).toBe(true);
  });
});
