// Browsers: pages from the origins in GATEHOUSE_CORS_ORIGINS may call the API (none by default).
// They send the session token as a Bearer header, never a cookie, so there is no ambient
// credential for another site to ride on (no CSRF) and no Access-Control-Allow-Credentials.
import type http from 'node:http';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
// What a browser client sends: the token, JSON, Apollo's CSRF-prevention headers, a request id,
// and SigV4's headers for pages that sign with an access key.
const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id, x-amz-date, x-amz-content-sha256';
// Headers a page may read from the answer.
const EXPOSED_HEADERS = 'x-request-id, retry-after, www-authenticate';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export class CorsPolicy {
  readonly #origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.#origins = new Set(origins);
  }

  /** Whether the request is a CORS preflight (OPTIONS with Access-Control-Request-Method). */
  static isPreflight(request: http.IncomingMessage): boolean {
    return request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
  }

  /** Sets the CORS headers of an answer to an allowed origin; false when the origin is not allowed (or absent). */
  apply(request: http.IncomingMessage, response: http.ServerResponse): boolean {
    // Caches must keep answers to different origins apart, allowed or not.
    response.setHeader('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined || !this.#origins.has(origin)) return false;
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    return true;
  }

  /** Answers a preflight: 204 with what may be sent for an allowed origin, 403 without CORS headers otherwise. */
  answerPreflight(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (!this.apply(request, response)) {
      response.writeHead(403, { 'content-length': 0 }).end();
      return;
    }
    response.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
      'content-length': 0,
    });
    response.end();
  }
}
