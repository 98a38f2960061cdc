// Requests signed with AWS Signature Version 4 by the signers people already use: the AWS SDKs'
// @smithy/signature-v4, aws4, and curl --aws-sigv4. Sent over node:http so that the headers on
// the wire are exactly the ones signed (fetch may add or reorder some).
import { execFile } from 'node:child_process';
import http from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import aws4 from 'aws4';

export interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignOptions {
  region?: string;
  service?: string;
  /** When the signature says it was made; now by default. */
  date?: Date;
  /** More headers to send and sign (smithy: an `x-amz-content-sha256` given is signed as the payload's hash). */
  headers?: Record<string, string>;
  /** A temporary credential's token (smithy signs it as `x-amz-security-token`). */
  sessionToken?: string;
  /** Headers sent but left out of the signature (smithy). */
  unsigned?: string[];
}

export interface SignedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

export const graphqlBody = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Headers signed by the AWS SDKs' signer for a POST of `body` to `url`. */
export async function smithyHeaders(url: string, body: string, key: KeyPair, options: SignOptions = {}): Promise<Record<string, string>> {
  const target = new URL(url);
  const signed = await smithySigner(key, options).sign(smithyRequest(target, body, options), {
    signingDate: options.date ?? new Date(),
    unsignableHeaders: new Set(options.unsigned ?? []),
  });
  return signed.headers as Record<string, string>;
}

/** A presigned URL (the signature in the query string) for a POST of `body` to `url`. */
export async function smithyPresignedUrl(url: string, body: string, key: KeyPair): Promise<string> {
  const target = new URL(url);
  const signed = await smithySigner(key, {}).presign(smithyRequest(target, body, {}), { expiresIn: 300 });
  return `${target.origin}${target.pathname}?${new URLSearchParams(signed.query as Record<string, string>)}`;
}

function smithySigner(key: KeyPair, options: SignOptions): SignatureV4 {
  const credentials = { ...key, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) };
  return new SignatureV4({ service: options.service ?? 'iam', region: options.region ?? 'us-east-1', credentials, sha256: Sha256 });
}

function smithyRequest(target: URL, body: string, options: SignOptions): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { host: target.host, 'content-type': 'application/json', ...options.headers },
    body,
  });
}

/** Headers signed by aws4 for a POST of `body` to `url`. */
export function aws4Headers(url: string, body: string, key: KeyPair, options: SignOptions = {}): Record<string, string> {
  const target = new URL(url);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.date) headers['X-Amz-Date'] = options.date.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const signed = aws4.sign(
    { host: target.host, path: target.pathname, method: 'POST', body, headers, service: options.service ?? 'iam', region: options.region ?? 'us-east-1' },
    key,
  );
  return signed.headers as Record<string, string>;
}

/** POSTs `body` to `url` with exactly `headers` (and the content length). */
export function sendSigned(url: string, headers: Record<string, string>, body: string): Promise<SignedResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** POSTs `body` with curl's own SigV4 signing (`--aws-sigv4 aws:amz:REGION:SERVICE`). */
export function curlSigned(url: string, body: string, key: KeyPair, options: Omit<SignOptions, 'date'> = {}): Promise<SignedResponse> {
  const provider = `aws:amz:${options.region ?? 'us-east-1'}:${options.service ?? 'iam'}`;
  const args = ['--silent', '--show-error', '--include', '--aws-sigv4', provider, '--user', `${key.accessKeyId}:${key.secretAccessKey}`];
  args.push('-H', 'content-type: application/json', '--data-binary', body, url);
  return new Promise((resolve, reject) => {
    execFile('curl', args, { timeout: 30_000 }, (error, stdout) => {
      if (error) return reject(error);
      const end = stdout.indexOf('\r\n\r\n');
      const status = Number(stdout.slice(0, end).split(' ')[1]);
      const text = stdout.slice(end + 4);
      resolve({ status, headers: {}, text, json: JSON.parse(text) });
    });
  });
}
