// Validation findings: one row per rule, checked by issue code, grade and path.
import { describe, expect, it } from 'vitest';
import { validatePolicy, type Finding, type ValidationPolicyType } from '../../src/policy/index.ts';

const V = '2012-10-17';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const policy = (...Statement: unknown[]): object => ({ Version: V, Statement });

interface Row {
  name: string;
  doc: unknown;
  type?: ValidationPolicyType;
  code: string;
  grade: Finding['findingType'];
  path?: Array<string | number>;
}

const rows: Row[] = [
  { name: 'invalid json', doc: '{"Version": ', code: 'JSON_SYNTAX_ERROR', grade: 'ERROR', path: [] },
  { name: 'not an object', doc: '[1]', code: 'DATA_TYPE_MISMATCH', grade: 'ERROR' },
  { name: 'bad version', doc: { Version: '2012-10-18', Statement: [ok] }, code: 'INVALID_VERSION', grade: 'ERROR', path: ['Version'] },
  { name: 'missing version', doc: { Statement: [ok] }, code: 'MISSING_VERSION', grade: 'WARNING' },
  { name: 'missing statement', doc: { Version: V }, code: 'MISSING_STATEMENT', grade: 'ERROR' },
  { name: 'empty statement', doc: { Version: V, Statement: [] }, code: 'MISSING_STATEMENT', grade: 'ERROR' },
  { name: 'unknown top element', doc: { Version: V, Statement: [ok], Foo: 1 }, code: 'INVALID_POLICY_ELEMENT', grade: 'ERROR', path: ['Foo'] },
  { name: 'unknown statement element', doc: policy({ ...ok, Actions: 'x' }), code: 'INVALID_POLICY_ELEMENT', grade: 'ERROR', path: ['Statement', 0, 'Actions'] },
  { name: 'missing effect', doc: policy({ Action: 's3:*', Resource: '*' }), code: 'MISSING_EFFECT', grade: 'ERROR' },
  { name: 'invalid effect', doc: policy({ ...ok, Effect: 'allow' }), code: 'INVALID_EFFECT', grade: 'ERROR', path: ['Statement', 0, 'Effect'] },
  { name: 'no action', doc: policy({ Effect: 'Allow', Resource: '*' }), code: 'MISSING_ACTION', grade: 'ERROR' },
  { name: 'both action kinds', doc: policy({ ...ok, NotAction: 's3:PutObject' }), code: 'CONFLICTING_ELEMENTS', grade: 'ERROR' },
  { name: 'no resource', doc: policy({ Effect: 'Allow', Action: 's3:*' }), code: 'MISSING_RESOURCE', grade: 'ERROR' },
  { name: 'both resource kinds', doc: policy({ ...ok, NotResource: '*' }), code: 'CONFLICTING_ELEMENTS', grade: 'ERROR' },
  { name: 'invalid action', doc: policy({ ...ok, Action: ['s3:Get', 's3 Get'] }), code: 'INVALID_ACTION', grade: 'ERROR', path: ['Statement', 0, 'Action', 1] },
  { name: 'invalid arn', doc: policy({ ...ok, Resource: 'arn:aws:s3:bucket' }), code: 'INVALID_ARN_RESOURCE', grade: 'ERROR', path: ['Statement', 0, 'Resource'] },
  { name: 'principal in identity', doc: policy({ ...ok, Principal: '*' }), code: 'UNSUPPORTED_PRINCIPAL', grade: 'ERROR' },
  { name: 'principal in scp', doc: policy({ ...ok, Principal: '*' }), type: 'SERVICE_CONTROL_POLICY', code: 'UNSUPPORTED_PRINCIPAL', grade: 'ERROR' },
  { name: 'no principal in resource policy', doc: policy(ok), type: 'RESOURCE_POLICY', code: 'MISSING_PRINCIPAL', grade: 'ERROR' },
  { name: 'no principal in trust policy', doc: policy({ Effect: 'Allow', Action: 'sts:AssumeRole' }), type: 'TRUST_POLICY', code: 'MISSING_PRINCIPAL', grade: 'ERROR' },
  { name: 'resource in trust policy', doc: policy({ ...ok, Principal: { AWS: '111122223333' } }), type: 'TRUST_POLICY', code: 'UNSUPPORTED_ELEMENT', grade: 'ERROR' },
  { name: 'bad principal', doc: policy({ ...ok, Principal: { AWS: 'arn:aws:iam::1111:user/*' } }), type: 'RESOURCE_POLICY', code: 'INVALID_PRINCIPAL', grade: 'ERROR' },
  { name: 'unknown operator', doc: policy({ ...ok, Condition: { StringEqualz: { 'aws:x': 'a' } } }), code: 'UNKNOWN_CONDITION_OPERATOR', grade: 'ERROR', path: ['Statement', 0, 'Condition', 'StringEqualz'] },
  { name: 'condition object value', doc: policy({ ...ok, Condition: { StringEquals: { 'aws:x': { a: 1 } } } }), code: 'INVALID_CONDITION_VALUE', grade: 'ERROR' },
  { name: 'condition not object', doc: policy({ ...ok, Condition: { StringEquals: 'x' } }), code: 'DATA_TYPE_MISMATCH', grade: 'ERROR' },
  { name: 'bad date', doc: policy({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }), code: 'INVALID_DATE_VALUE', grade: 'ERROR' },
  { name: 'bad ip', doc: policy({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }), code: 'INVALID_IP_ADDRESS', grade: 'ERROR' },
  { name: 'bad number', doc: policy({ ...ok, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }), code: 'INVALID_NUMERIC_VALUE', grade: 'ERROR' },
  { name: 'bad bool', doc: policy({ ...ok, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }), code: 'INVALID_BOOLEAN_VALUE', grade: 'ERROR' },
  { name: 'NullIfExists', doc: policy({ ...ok, Condition: { NullIfExists: { 'aws:x': 'true' } } }), code: 'UNKNOWN_CONDITION_OPERATOR', grade: 'ERROR' },
  { name: 'duplicate sid', doc: policy({ ...ok, Sid: 'A' }, { ...ok, Action: 's3:PutObject', Sid: 'A' }), code: 'DUPLICATE_SID', grade: 'ERROR', path: ['Statement', 1, 'Sid'] },
  { name: 'bad sid', doc: policy({ ...ok, Sid: 'has space' }), code: 'INVALID_SID', grade: 'ERROR' },
  { name: 'allow not action star', doc: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), code: 'ALLOW_WITH_NOT_ACTION', grade: 'SECURITY_WARNING' },
  { name: 'full access', doc: policy({ Effect: 'Allow', Action: '*', Resource: '*' }), code: 'FULL_ACCESS', grade: 'SECURITY_WARNING' },
  { name: 'public principal', doc: policy({ ...ok, Principal: '*' }), type: 'RESOURCE_POLICY', code: 'PUBLIC_ACCESS', grade: 'SECURITY_WARNING' },
  { name: 'variable in old version', doc: { Version: '2008-10-17', Statement: [{ ...ok, Resource: 'arn:aws:s3:::b/${aws:username}' }] }, code: 'POLICY_VARIABLE_WITHOUT_VERSION', grade: 'WARNING' },
  { name: 'redundant statement', doc: policy(ok, { ...ok }), code: 'REDUNDANT_STATEMENT', grade: 'SUGGESTION', path: ['Statement', 1] },
  { name: 'allow with NotPrincipal', doc: policy({ ...ok, NotPrincipal: { AWS: '111122223333' } }), type: 'RESOURCE_POLICY', code: 'NOT_PRINCIPAL_WITH_ALLOW', grade: 'ERROR' },
  { name: 'double qualifier', doc: policy({ ...ok, Condition: { 'ForAllValues:ForAnyValue:StringEquals': { k: 'v' } } }), code: 'UNKNOWN_CONDITION_OPERATOR', grade: 'ERROR' },
  { name: 'empty action array', doc: policy({ ...ok, Action: [] }), code: 'EMPTY_ARRAY', grade: 'SUGGESTION' },
];

describe('validatePolicy', () => {
  for (const row of rows) {
    it(`${row.name}: ${row.grade} ${row.code}`, () => {
      const findings = validatePolicy(row.doc, row.type ?? 'IDENTITY_POLICY');
      const hit = findings.find((f) => f.issueCode === row.code);
      expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
      expect(hit?.findingType).toBe(row.grade);
      if (row.path) expect(hit?.path).toEqual(row.path);
    });
  }

  it('accepts a clean policy with no findings', () => {
    expect(validatePolicy(policy(ok), 'IDENTITY_POLICY')).toEqual([]);
    const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(validatePolicy(trust, 'TRUST_POLICY')).toEqual([]);
  });

  it('reports every problem at once with statement index and message format', () => {
    const findings = validatePolicy(
      policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Maybe', Action: 'bad', Resource: 'x', Condition: { StringEqualz: { k: 'v' } } }),
      'IDENTITY_POLICY',
    );
    const errors = findings.filter((f) => f.findingType === 'ERROR');
    expect(errors.map((f) => f.issueCode).sort()).toEqual(['INVALID_ACTION', 'INVALID_ARN_RESOURCE', 'INVALID_EFFECT', 'UNKNOWN_CONDITION_OPERATOR']);
    expect(errors.every((f) => f.statementIndex === 1)).toBe(true);
    expect(errors.find((f) => f.issueCode === 'UNKNOWN_CONDITION_OPERATOR')?.message).toBe(
      'statement 1: `Condition`: unknown operator `StringEqualz`',
    );
  });

  it('never throws on hostile input', () => {
    for (const doc of [null, undefined, 42, 'null', '', [], { Statement: 'x' }, { Statement: [null, 1, 'x'] }, { Version: V, Statement: { Effect: 'Allow', Action: 1, Resource: [1] } }]) {
      expect(() => validatePolicy(doc, 'RESOURCE_POLICY')).not.toThrow();
      expect(validatePolicy(doc, 'RESOURCE_POLICY').some((f) => f.findingType === 'ERROR')).toBe(true);
    }
  });

  it('accepts a single statement object and variables with colons in resources', () => {
    const doc = { Version: V, Statement: { ...ok, Resource: 'arn:aws:s3:::home/${aws:username}/*' } };
    expect(validatePolicy(JSON.stringify(doc), 'IDENTITY_POLICY')).toEqual([]);
  });
});
