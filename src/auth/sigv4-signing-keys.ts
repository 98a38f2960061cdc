// SigV4 signing keys: HMAC-SHA256 chained over date, region, service and "aws4_request". A key
// signs every request of its access key for a whole UTC day, so it is derived once per (key,
// day, region, service) and kept in a bounded LRU: a warm request costs one HMAC, not five.
// It is kept as a KeyObject: an HMAC under one costs a third less than under a Buffer.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  let key = hmac(`AWS4${secret}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  return key;
}

export const hmac = (key: string | Buffer | KeyObject, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export class SigningKeys {
  readonly #keys: LRUCache<string, { secret: string; key: KeyObject }>;

  constructor(max = 10_000) {
    this.#keys = new LRUCache({ max });
  }

  /** The signing key of `accessKeyId` (whose secret is `secret`) for one day, region and service. */
  get(accessKeyId: string, secret: string, date: string, region: string, service: string): KeyObject {
    const name = `${accessKeyId}/${date}/${region}/${service}`;
    const cached = this.#keys.get(name);
    // A key id names one secret for life; comparing anyway keeps a reused id from ever matching.
    if (cached && cached.secret === secret) return cached.key;
    const key = createSecretKey(deriveSigningKey(secret, date, region, service));
    this.#keys.set(name, { secret, key });
    return key;
  }
}
