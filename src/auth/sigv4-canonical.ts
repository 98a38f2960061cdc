// AWS Signature Version 4, the pure part: the Authorization header read strictly, and the
// canonical request and string to sign built exactly as AWS's signers build them (the SDKs'
// @smithy/signature-v4, aws4, curl --aws-sigv4), so that a signature they made recomputes here.
// Everything is bounded before it is walked; anything off-format is undefined (not signed).
import * as nodeCrypto from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** What `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` says. */
export interface SigV4Authorization {
  readonly accessKeyId: string;
  /** The credential scope's date, YYYYMMDD. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** Lowercase, sorted, without repeats (as every signer writes them). */
  readonly signedHeaders: readonly string[];
  /** 64 lowercase hex digits. */
  readonly signature: string;
}

/** The parts of a request a signature covers. */
export interface CanonicalInput {
  readonly method: string;
  /** Path and query string as sent on the wire (not decoded). */
  readonly target: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Hex SHA-256 of the body. */
  readonly payloadHash: string;
}

const MAX_AUTHORIZATION_LENGTH = 2048;
const MAX_SIGNED_HEADERS = 32;
const MAX_QUERY_PARAMETERS = 64;
const TOKEN = "[a-z0-9!#$%&'*+.^_`|~-]+";
const AUTHORIZATION = new RegExp(
  `^${ALGORITHM} Credential=([A-Za-z0-9]{16,128})/(\\d{8})/([a-z0-9-]{1,32})/([a-z0-9-]{1,32})/aws4_request, ?` +
    `SignedHeaders=(${TOKEN}(?:;${TOKEN})*), ?Signature=([0-9a-f]{64})$`,
);
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The header's parts; undefined unless it is exactly the format AWS signers write. */
export function parseAuthorization(header: string | undefined): SigV4Authorization | undefined {
  if (header === undefined || header.length > MAX_AUTHORIZATION_LENGTH) return undefined;
  const match = AUTHORIZATION.exec(header);
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, headerList, signature] = match as unknown as string[];
  const signedHeaders = headerList!.split(';');
  if (signedHeaders.length > MAX_SIGNED_HEADERS) return undefined;
  // Sorted without repeats: a list in another order would canonicalise to another request.
  for (let i = 1; i < signedHeaders.length; i++) if (signedHeaders[i - 1]! >= signedHeaders[i]!) return undefined;
  return { accessKeyId: accessKeyId!, date: date!, region: region!, service: service!, signedHeaders, signature: signature! };
}

/** `X-Amz-Date` (YYYYMMDDTHHMMSSZ) as a time; undefined when it is not a real UTC time of that form. */
export function parseAmzDate(text: string | undefined): Date | undefined {
  const match = text === undefined ? null : AMZ_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March: a date whose parts do not come back is not one.
  const real =
    time.getUTCFullYear() === year && time.getUTCMonth() === month - 1 && time.getUTCDate() === day &&
    time.getUTCHours() === hour && time.getUTCMinutes() === minute && time.getUTCSeconds() === second;
  return real ? time : undefined;
}

/** Hex SHA-256; crypto.hash (Node 20.12 and later) is the one-shot form, at half the cost, on every signed request. */
export const sha256Hex: (data: string | Buffer) => string =
  typeof nodeCrypto.hash === 'function'
    ? (data) => nodeCrypto.hash('sha256', data, 'hex')
    : (data) => nodeCrypto.createHash('sha256').update(data).digest('hex');

/** RFC 3986 percent-encoding of everything but unreserved characters, as AWS requires. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical request; undefined when a signed header is missing or the target is not canonicalisable. */
export function canonicalRequest(input: CanonicalInput, signedHeaders: readonly string[]): string | undefined {
  const queryAt = input.target.indexOf('?');
  const path = queryAt < 0 ? input.target : input.target.slice(0, queryAt);
  const query = canonicalQuery(queryAt < 0 ? '' : input.target.slice(queryAt + 1));
  if (!path.startsWith('/') || query === undefined) return undefined;
  const lines: string[] = [];
  for (const name of signedHeaders) {
    const value = input.headers[name];
    if (value === undefined) return undefined;
    lines.push(`${name}:${(Array.isArray(value) ? value.join(',') : value).replace(/[ \t]+/g, ' ').trim()}\n`);
  }
  return [input.method, canonicalPath(path), query, lines.join(''), signedHeaders.join(';'), input.payloadHash].join('\n');
}

/**
 * The path with `.` and `..` segments resolved and empty ones dropped, then encoded once more:
 * every service but S3 signs the path "double-encoded" (the wire form, percent-encoded again).
 */
export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/**
 * The query string as signers canonicalise it: each name and value decoded (`+` is a space, as
 * the server reads it), encoded per RFC 3986, sorted by name and then value. Undefined for a
 * malformed escape or too many parameters.
 */
export function canonicalQuery(query: string): string | undefined {
  const parts = query.split('&').filter((part) => part !== '');
  if (parts.length > MAX_QUERY_PARAMETERS) return undefined;
  const pairs: Array<[string, string]> = [];
  for (const part of parts) {
    const equals = part.indexOf('=');
    const name = decode(equals < 0 ? part : part.slice(0, equals));
    const value = decode(equals < 0 ? '' : part.slice(equals + 1));
    if (name === undefined || value === undefined) return undefined;
    pairs.push([uriEncode(name), uriEncode(value)]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export const credentialScope = (date: string, region: string, service: string): string => `${date}/${region}/${service}/aws4_request`;

/** What the signature is the HMAC of. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}
