// What one slow or greedy client may hold of the HTTP server: time to send headers and body,
// idle keep-alive time, requests per connection, and connections per process.
import type http from 'node:http';

export interface HttpLimits {
  /** Time to receive a request's headers (slowloris); Node answers 408 and closes. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body; at least headersTimeoutMs. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Requests served on one connection before it is closed; 0 is unlimited. */
  readonly maxRequestsPerSocket: number;
  /** Open connections per process; more are accepted and closed at once. */
  readonly maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1000,
  maxConnections: 1000,
});

/** Options for http.createServer that enforce the limits. */
export function httpServerOptions(limits: HttpLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts on this interval (30 s by default), so a timeout fires up to
    // one interval late: check often enough that the timeouts mean what they say.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** The limits that are properties of a created server rather than options. */
export function applyConnectionLimits(server: http.Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
}
