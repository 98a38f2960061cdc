// The canonical request and signature of AWS Signature Version 4, checked against vectors of
// AWS's published SigV4 test suite (aws-sig-v4-test-suite: key AKIDEXAMPLE, region us-east-1,
// service `service`, 20150830T123600Z), each reproduced by @smithy/signature-v4 here too.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  canonicalPath,
  canonicalQuery,
  canonicalRequest,
  credentialScope,
  parseAmzDate,
  parseAuthorization,
  sha256Hex,
  stringToSign,
} from '../../src/auth/sigv4-canonical.ts';
import { deriveSigningKey, hmac, SigningKeys } from '../../src/auth/sigv4-signing-keys.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20150830T123600Z';
const HOST = 'example.amazonaws.com';

interface Vector {
  name: string;
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string;
  /** The signature the test suite publishes. */
  signature: string;
}

const VECTORS: Vector[] = [
  { name: 'get-vanilla', method: 'GET', target: '/', headers: {}, body: '', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'post-vanilla', method: 'POST', target: '/', headers: {}, body: '', signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
  {
    name: 'get-vanilla-query-order-key-case',
    method: 'GET',
    target: '/?Param2=value2&Param1=value1',
    headers: {},
    body: '',
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-header-value-trim',
    method: 'GET',
    target: '/',
    headers: { 'my-header1': ' value1', 'my-header2': ' "a   b   c"' },
    body: '',
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    target: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Param1=value1',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  { name: 'get-relative-relative', method: 'GET', target: '/example1/example2/../..', headers: {}, body: '', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
];

/** The signature as Gatehouse computes it for a request. */
function ourSignature(vector: Vector): string | undefined {
  const headers = { host: HOST, 'x-amz-date': AMZ_DATE, ...vector.headers };
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({ method: vector.method, target: vector.target, headers, payloadHash: sha256Hex(vector.body) }, signedHeaders);
  if (canonical === undefined) return undefined;
  const key = deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service');
  return hmac(key, stringToSign(AMZ_DATE, credentialScope('20150830', 'us-east-1', 'service'), canonical)).toString('hex');
}

/** The signature @smithy/signature-v4 (the AWS SDKs' signer) makes for the same request. */
async function smithySignature(vector: Vector): Promise<string> {
  const queryAt = vector.target.indexOf('?');
  const query = queryAt < 0 ? {} : Object.fromEntries(new URLSearchParams(vector.target.slice(queryAt + 1)));
  const signer = new SignatureV4({ service: 'service', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, sha256: Sha256, applyChecksum: false });
  const request = new HttpRequest({
    method: vector.method,
    hostname: HOST,
    path: queryAt < 0 ? vector.target : vector.target.slice(0, queryAt),
    query,
    headers: { host: HOST, ...vector.headers },
    body: vector.body || undefined,
  });
  const signed = await signer.sign(request, { signingDate: new Date('2015-08-30T12:36:00Z') });
  return /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))![1]!;
}

describe('the signature of AWS\'s test-suite requests', () => {
  it.each(VECTORS.map((vector) => [vector.name, vector] as const))('%s: as published, and as @smithy/signature-v4 signs it', async (_name, vector) => {
    expect(ourSignature(vector)).toBe(vector.signature);
    expect(await smithySignature(vector)).toBe(vector.signature);
  });

  // The suite's get-utf8 gives the path decoded; on the wire it arrives encoded, and every
  // service but S3 signs the wire form encoded once more, as the SDKs do with what they send.
  it('a path with escapes, as @smithy/signature-v4 signs the path it sends', async () => {
    const vector = { name: 'utf8', method: 'GET', target: '/%E1%88%B4', headers: {}, body: '', signature: '' };
    expect(ourSignature(vector)).toBe(await smithySignature(vector));
  });

  it('get-vanilla: the canonical request line by line', () => {
    const headers = { host: HOST, 'x-amz-date': AMZ_DATE };
    expect(canonicalRequest({ method: 'GET', target: '/', headers, payloadHash: sha256Hex('') }, ['host', 'x-amz-date'])).toBe(
      ['GET', '/', '', `host:${HOST}`, `x-amz-date:${AMZ_DATE}`, '', 'host;x-amz-date', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'].join('\n'),
    );
  });

  it('is undefined when a signed header is missing', () => {
    expect(canonicalRequest({ method: 'GET', target: '/', headers: { host: HOST }, payloadHash: sha256Hex('') }, ['host', 'x-amz-date'])).toBeUndefined();
  });
});

describe('the canonical path and query', () => {
  it('resolves dot segments, drops empty ones and encodes the path once more', () => {
    expect(canonicalPath('/graphql')).toBe('/graphql');
    expect(canonicalPath('/a/./b/../c/')).toBe('/a/c/');
    expect(canonicalPath('//a//b')).toBe('/a/b');
    expect(canonicalPath('/a%20b')).toBe('/a%2520b');
  });

  it('sorts by name then value, encodes per RFC 3986 and reads + as a space', () => {
    expect(canonicalQuery('b=2&a=2&a=1&c')).toBe('a=1&a=2&b=2&c=');
    expect(canonicalQuery('q=a+b%21&x=%7E*')).toBe('q=a%20b%21&x=~%2A');
    expect(canonicalQuery('')).toBe('');
  });

  it('refuses a malformed escape and too many parameters', () => {
    expect(canonicalQuery('a=%E1%88')).toBeUndefined();
    expect(canonicalQuery(Array.from({ length: 65 }, (_, i) => `p${i}=1`).join('&'))).toBeUndefined();
  });
});

describe('the Authorization header', () => {
  const valid = `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;

  it('is read into its parts', () => {
    expect(parseAuthorization(valid)).toEqual({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'iam',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'a'.repeat(64),
    });
    expect(parseAuthorization(valid.replaceAll(', ', ','))).toBeDefined();
  });

  it.each([
    ['another algorithm', valid.replace('HMAC-SHA256', 'HMAC-SHA1')],
    ['signed headers out of order', valid.replace('host;x-amz-date', 'x-amz-date;host')],
    ['a header signed twice', valid.replace('host;x-amz-date', 'host;host;x-amz-date')],
    ['an uppercase header name', valid.replace('host;', 'Host;')],
    ['a short signature', valid.slice(0, -1)],
    ['an uppercase signature', valid.replace(/a{64}$/, 'A'.repeat(64))],
    ['a scope not ending in aws4_request', valid.replace('aws4_request', 'aws5_request')],
    ['parts in another order', `AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Credential=AKIAIOSFODNN7EXAMPLE/20150830/us-east-1/iam/aws4_request, Signature=${'a'.repeat(64)}`],
    ['more than 32 signed headers', valid.replace('host;x-amz-date', [...Array.from({ length: 32 }, (_, i) => `h${String(i).padStart(2, '0')}`), 'host', 'x-amz-date'].join(';'))],
    ['over 2048 characters', valid.replace('host;', `${'a'.repeat(2100)};host;`)],
    ['nothing', undefined],
  ])('is refused with %s', (_what, header) => {
    expect(parseAuthorization(header)).toBeUndefined();
  });
});

describe('X-Amz-Date', () => {
  it('reads a UTC time of the basic ISO 8601 form', () => {
    expect(parseAmzDate('20150830T123600Z')?.toISOString()).toBe('2015-08-30T12:36:00.000Z');
  });

  it.each(['20150231T000000Z', '20150830T246000Z', '20150830T235960Z', '00500830T123600Z', '2015-08-30T12:36:00Z', '20150830T123600', '20150830T123600+0100'])('refuses `%s`', (text) => {
    expect(parseAmzDate(text)).toBeUndefined();
  });
});

describe('signing keys', () => {
  it('are derived once per key, day, region and service, and only for the same secret', () => {
    const keys = new SigningKeys();
    const first = keys.get('AKIDEXAMPLE', SECRET, '20150830', 'us-east-1', 'service');
    expect(keys.get('AKIDEXAMPLE', SECRET, '20150830', 'us-east-1', 'service')).toBe(first);
    const bytes = (key: ReturnType<SigningKeys['get']>) => key.export();
    expect(bytes(first)).toEqual(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service'));
    expect(bytes(keys.get('AKIDEXAMPLE', SECRET, '20150831', 'us-east-1', 'service'))).not.toEqual(bytes(first));
    expect(bytes(keys.get('AKIDEXAMPLE', 'another secret', '20150830', 'us-east-1', 'service'))).not.toEqual(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service'));
  });
});
