// A request as authentication sees it: what a signature covers, nothing GraphQL.
import type { IncomingHttpHeaders } from 'node:http';

export interface PresentedRequest {
  readonly method: string;
  /** The request target as sent: path and query string, not decoded. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  /** The body's bytes as received (a signature covers their hash). */
  readonly body: Buffer;
}
