// AWS Signature Version 4 verification: a request signed with an access key, as the AWS SDKs,
// aws4 and curl --aws-sigv4 sign it (service `iam`, the configured region). Every check that
// needs no database comes first, so a malformed, stale or misdirected request costs no query.
// Any failure is the same `undefined`: the client learns only that it is not authenticated.
import { timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { AccessKeyCredentials } from './access-key-credentials.ts';
import type { Caller } from './caller.ts';
import type { CredentialsEpochRead } from './credential-cache.ts';
import type { PresentedRequest } from './presented-request.ts';
import type { SecretBox } from './secret-box.ts';
import type { SignedRequestVerifier } from './signed-requests.ts';
import { canonicalRequest, credentialScope, parseAmzDate, parseAuthorization, sha256Hex, stringToSign } from './sigv4-canonical.ts';
import { hmac, SigningKeys } from './sigv4-signing-keys.ts';

export const SIGV4_SERVICE = 'iam';
/** How far `X-Amz-Date` may be from the server's clock, either way (AWS's own allowance). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
const REQUIRED_HEADERS = ['host', 'x-amz-date'];
const PRESIGNED = /[?&]x-amz-(signature|credential|algorithm)=/i;

export class SigV4Verifier implements SignedRequestVerifier {
  readonly #keys: AccessKeyCredentials;
  readonly #signingKeys = new SigningKeys();

  constructor(
    prisma: PrismaClient,
    partition: string,
    private readonly region: string,
    secrets: SecretBox,
  ) {
    this.#keys = new AccessKeyCredentials(prisma, partition, secrets);
  }

  async verify(request: PresentedRequest, epoch: CredentialsEpochRead, now: Date): Promise<Caller | undefined> {
    const { headers } = request;
    const auth = parseAuthorization(headers.authorization);
    if (!auth || auth.region !== this.region || auth.service !== SIGV4_SERVICE) return undefined;
    if (!REQUIRED_HEADERS.every((name) => auth.signedHeaders.includes(name))) return undefined;
    // Presigned URLs (the signature in the query string) are not accepted, alone or alongside.
    if (PRESIGNED.test(request.target)) return undefined;
    // Gatehouse issues no temporary credentials: a session token is one it cannot check.
    if (headers['x-amz-security-token'] !== undefined) return undefined;
    const amzDate = headers['x-amz-date'];
    const signedAt = typeof amzDate === 'string' ? parseAmzDate(amzDate) : undefined;
    if (!signedAt || amzDate!.slice(0, 8) !== auth.date) return undefined;
    if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS) return undefined;
    const payloadHash = sha256Hex(request.body);
    // Signers may send the body's hash too; it must then be the hash of this body (which also
    // refuses UNSIGNED-PAYLOAD: the body is always part of what is signed here).
    const declared = headers['x-amz-content-sha256'];
    if (declared !== undefined && declared !== payloadHash) return undefined;
    const canonical = canonicalRequest({ method: request.method, target: request.target, headers, payloadHash }, auth.signedHeaders);
    if (canonical === undefined) return undefined;

    const key = await this.#keys.find(auth.accessKeyId, epoch);
    if (!key) return undefined;
    const signingKey = this.#signingKeys.get(auth.accessKeyId, key.secret, auth.date, auth.region, auth.service);
    const expected = hmac(signingKey, stringToSign(amzDate as string, credentialScope(auth.date, auth.region, auth.service), canonical));
    // Constant time: how much of a guessed signature matched must not show in the response time.
    return timingSafeEqual(expected, Buffer.from(auth.signature, 'hex')) ? key.caller : undefined;
  }
}
