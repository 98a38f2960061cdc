// The pure helpers of catalog-aware validation: ARN patterns meeting, condition key templates.
import { describe, expect, it } from 'vitest';
import { arnPatternsMeet, catalogPrefixes, keyMatches } from '../../src/policy/catalog-facts.ts';

const meet = (a: string, b: string) => arnPatternsMeet(a, b, { steps: 1_000_000 });

describe('arnPatternsMeet', () => {
  const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  it.each([
    [object, 'arn:aws:s3:::bucket/key', true],
    [object, 'arn:aws:s3:::bucket/*', true],
    [object, 'arn:aws:s3:::*', true],
    [object, 'arn:aws:s3:::bucket', false],
    [object, 'arn:aws:iam::123456789012:user/alice', false],
    [object, 'ARN:AWS:S3:::Bucket/Key', true],
    ['arn:${Partition}:iam::${Account}:user/${UserNameWithPath}', 'arn:aws:iam::*:user/*', true],
    ['arn:${Partition}:iam::${Account}:user/${UserNameWithPath}', 'arn:aws:iam::123456789012:role/x', false],
    ['arn:aws:x:::a?c', 'arn:aws:x:::abc', true],
    ['arn:aws:x:::a?c', 'arn:aws:x:::ac', false],
    ['a*', '*b', true],
    ['*a', '*b', false],
    ['', '', true],
    ['*', '', true],
    ['?', '', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(meet(a, b)).toBe(expected);
    expect(meet(b, a)).toBe(expected);
  });

  it('answers true, without work, once the budget is spent', () => {
    const budget = { steps: 10 };
    expect(arnPatternsMeet('arn:aws:s3:::x', 'arn:aws:iam::1:user/y', budget)).toBe(true);
    expect(budget.steps).toBeLessThan(0);
  });
});

describe('keyMatches', () => {
  it.each([
    ['aws:SourceIp', 'AWS:sourceip', true],
    ['aws:SourceIp', 'aws:SourceIpX', false],
    ['aws:ResourceTag/${TagKey}', 'aws:ResourceTag/team', true],
    ['s3:ExistingObjectTag/<key>', 's3:existingobjecttag/Team', true],
    ['aws:ResourceTag/${TagKey}', 'aws:ResourceTag/', false],
    ['aws:ResourceTag/${TagKey}', 'aws:ResourceTag', false],
  ])('%s names %s: %s', (declared, key, expected) => {
    expect(keyMatches(declared, key)).toBe(expected);
  });
});

describe('catalogPrefixes', () => {
  it('lists the services of actions and keys once, lowercase, leaving out wildcard services', () => {
    expect(catalogPrefixes(['S3:GetObject', 's3:Put*', '*', '*:Get', 'ec2?:Run', 'bad'], ['aws:SourceIp', 'S3:prefix'])).toEqual(['s3', 'aws']);
  });
});
