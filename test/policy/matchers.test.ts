// Wildcard and ARN matchers, table-driven.
import { describe, expect, it } from 'vitest';
import { compileArnPattern, splitArn } from '../../src/policy/arn-pattern.ts';
import { parseCidr, parseIp } from '../../src/policy/ip-address.ts';
import { parseTemplate, resolveTemplate } from '../../src/policy/policy-variables.ts';
import { buildRequestContext } from '../../src/policy/request-context.ts';
import { compileWildcard, compileWildcardText } from '../../src/policy/wildcard-pattern.ts';

describe('wildcard patterns', () => {
  const rows: Array<[string, string, boolean]> = [
    ['*', '', true], ['*', 'anything', true], ['abc', 'abc', true], ['abc', 'abcd', false],
    ['a*', 'a', true], ['a*', 'ba', false], ['*a', 'ba', true], ['*a', 'ab', false],
    ['a*b*c', 'aXbYc', true], ['a*b*c', 'acb', false], ['a*b*c', 'abcbc', true], ['a*a', 'a', false],
    ['a?c', 'abc', true], ['a?c', 'ac', false], ['??', 'ab', true], ['??', 'abc', false],
    ['*?b', 'ab', true], ['*?b', 'b', false], ['a**b', 'ab', true], ['*x*', 'yyxyy', true],
  ];
  for (const [pattern, text, expected] of rows) {
    it(`${pattern} ~ ${text} = ${expected}`, () => expect(compileWildcardText(pattern).matches(text)).toBe(expected));
  }
  it('treats literal pieces literally', () => {
    const p = compileWildcard([{ text: 'a', wild: true }, { text: '*', wild: false }, { text: '*', wild: true }]);
    expect(p.matches('a*xyz')).toBe(true);
    expect(p.matches('abxyz')).toBe(false);
  });
  it('folds case when asked', () => expect(compileWildcardText('S3:Get*', true).matches('s3:getobject')).toBe(true));
});

describe('arn patterns', () => {
  const rows: Array<[string, string, boolean]> = [
    ['*', 'arn:aws:s3:::b', true],
    ['*', '*', true],
    ['arn:aws:s3:::b/*', '*', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/k/k2', true],
    ['arn:aws:s3:::b*', 'arn:aws:s3:::b/a:b:c', true],
    ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1', true],
    ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-east-1:123456789012:volume/v-1', false],
    ['arn:aws:iam::*:user/x', 'arn:aws:iam::1:2:user/x', true],
    ['arn:aws:iam::*1:user/x', 'arn:aws:iam::1:2:user/x', false],
    ['arn:aws:logs:us-*:log-group:app', 'arn:aws:logs:us-east-1:1:log-group:app', true],
    ['arn:aws:logs:us-*:log-group:app', 'arn:aws:logs:us-east-1:1:log-group:ap', false],
    ['arn:*:s3:::b', 'arn:aws-cn:s3:::b', true],
    ['arn:aws:s3:::b', 'arn:aws:s3:::B', false],
  ];
  it('does not let a part-ending star span colons in Arn* conditions', () => {
    const text = 'arn:aws:iam::1:2:user/x';
    expect(compileArnPattern([{ text: 'arn:aws:iam::*:user/x', wild: true }], false).matches(text, splitArn(text))).toBe(false);
  });
  for (const [pattern, text, expected] of rows) {
    it(`${pattern} ~ ${text} = ${expected}`, () => {
      expect(compileArnPattern([{ text: pattern, wild: true }], true).matches(text, splitArn(text))).toBe(expected);
    });
  }
});

describe('ip parsing', () => {
  it.each(['1.2.3.4', '::', '::1', '2001:db8::', 'fe80::1:2', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8'])('parses %s', (ip) => {
    expect(parseIp(ip)).toBeDefined();
  });
  it.each(['1.2.3', '256.1.1.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'x', '01.2.3.4'])('rejects %s', (ip) => {
    expect(parseIp(ip)).toBeUndefined();
  });
  it.each(['1.2.3.4/33', '::/129', '1.2.3.4/', '1.2.3.4/a'])('rejects cidr %s', (c) => expect(parseCidr(c)).toBeUndefined());
});

describe('policy variables', () => {
  const context = buildRequestContext([
    { key: 'aws:username', values: ['alice'] },
    { key: 'aws:PrincipalTag/team', values: ['red'] },
    { key: 'aws:TagKeys', values: ['a', 'b'] },
  ]);
  const resolve = (text: string): string | null =>
    resolveTemplate(parseTemplate(text, true), context)?.map((p) => p.text).join('') ?? null;
  it('substitutes keys case-insensitively', () => expect(resolve('x/${AWS:UserName}/${aws:principaltag/team}')).toBe('x/alice/red'));
  it('uses defaults', () => expect(resolve("${aws:missing, 'none'}")).toBe('none'));
  it('fails on a missing key', () => expect(resolve('${aws:missing}')).toBeNull());
  it('fails on a multi-valued key', () => expect(resolve('${aws:TagKeys}')).toBeNull());
  it('reads escapes', () => expect(resolve('${*}${?}${$}')).toBe('*?$'));
  it('keeps text literal when variables are off', () => expect(parseTemplate('${aws:username}', false).hasVariables).toBe(false));
});
