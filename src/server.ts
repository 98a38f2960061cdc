// The HTTP server: /graphql, /healthz, /readyz. createServer has no side effects until called;
// it returns once listening, with a stop() that shuts down gracefully.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import type { Caller } from './context.ts';
import { createRequestContext } from './context.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { createApollo } from './graphql/apollo.ts';
import { withDeadline } from './db/deadline.ts';
import { EpochReader } from './db/epoch-reader.ts';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './db/limits.ts';
import { ReadinessProbe } from './db/readiness.ts';
import { AccessEvaluator } from './services/access/access-evaluator.ts';
import type { Logger } from './logger.ts';
import { logSafeError } from './log-safe-error.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerDeps {
  prisma: PrismaClient;
  /** The same database as `prisma`'s, for the connection that reads the policy epoch. */
  databaseUrl: string;
  /** Bounds on waiting for the database; `prisma` should be built with the same. */
  databaseLimits?: DatabaseLimits;
  /** Told of each SQL statement the server sends outside Prisma (Prisma has its own log). */
  onSql?: (sql: string) => void;
  logger: Logger;
  partition: string;
  port: number;
  host?: string;
  shutdownTimeoutMs?: number;
  /** Who is calling: until authentication lands, a fixed caller in the management account. */
  resolveCaller: (request: http.IncomingMessage) => Caller;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        request.removeAllListeners('data');
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function createServer(deps: ServerDeps): Promise<RunningServer> {
  const apollo = createApollo();
  const limits = deps.databaseLimits ?? DEFAULT_DATABASE_LIMITS;
  const epochReader = new EpochReader(deps.databaseUrl, deps.onSql, limits);
  const readiness = new ReadinessProbe(deps.prisma, limits.readyTimeoutMs);
  const accessEvaluator = new AccessEvaluator(deps.prisma, deps.partition, epochReader);
  await apollo.start();
  let inFlight = 0;
  let stopping = false;

  async function handleGraphql(request: http.IncomingMessage, response: http.ServerResponse, requestId: string, url: URL) {
    let body: unknown;
    if (request.method === 'POST') {
      const text = await readBody(request);
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        sendJson(response, 400, { errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: async () =>
        createRequestContext({
          requestId,
          caller: deps.resolveCaller(request),
          prisma: deps.prisma,
          partition: deps.partition,
          logger: deps.logger,
          accessEvaluator,
        }),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const requestId = (typeof request.headers['x-request-id'] === 'string' && request.headers['x-request-id'].slice(0, 128)) || randomUUID();
    response.setHeader('x-request-id', requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const ready = !stopping && (await readiness.check());
        return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
      }
      if (url.pathname === '/graphql') return await handleGraphql(request, response, requestId, url);
      sendJson(response, 404, { error: 'not found: the API is at /graphql' });
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response.setHeader('connection', 'close');
        return sendJson(response, 413, { errors: [{ message: `the request body exceeds ${MAX_BODY_BYTES} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      }
      deps.logger.error({ error: logSafeError(error), requestId }, 'request failed');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    }
  }

  const server = http.createServer((request, response) => {
    inFlight++;
    response.on('close', () => inFlight--);
    // Every statement the request causes carries its deadline (db/deadline.ts).
    void withDeadline(limits.requestTimeoutMs, () => handle(request, response));
  });
  await new Promise<void>((resolve) => server.listen(deps.port, deps.host ?? '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${deps.host && deps.host !== '0.0.0.0' ? deps.host : '127.0.0.1'}:${port}/graphql`;

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + (deps.shutdownTimeoutMs ?? 10_000);
    while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    server.closeAllConnections();
    await closed;
    await apollo.stop();
    await epochReader.close();
  }

  return { url, port, stop };
}
