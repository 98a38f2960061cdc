// The HTTP server: /graphql, /healthz, /readyz. createServer has no side effects until called;
// it returns once listening, with a stop() that shuts down gracefully.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import { createRequestContext } from './context.ts';
import { createAuthServices } from './auth/auth-services.ts';
import { DEFAULT_HEAVY_LIMITS, HeavyOperationLimit, type HeavyLimits } from './auth/heavy-limit.ts';
import type { PasswordHasher } from './auth/password-hasher.ts';
import type { AuthSettings } from './auth/settings.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { createApollo } from './graphql/apollo.ts';
import { withDeadline } from './db/deadline.ts';
import { EpochReader, type Epochs } from './db/epoch-reader.ts';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './db/limits.ts';
import { ReadinessProbe } from './db/readiness.ts';
import { AccessEvaluator } from './services/access/access-evaluator.ts';
import type { ServiceCatalog } from './services/catalog/catalog.ts';
import { EffectivePermissions } from './services/permissions/effective-permissions.ts';
import { SharedRead } from './services/access/shared-read.ts';
import { NO_ACCOUNT, RequestEpochs } from './services/access/request-epochs.ts';
import { AuditRecorder, DEFAULT_AUDIT_SETTINGS, type AuditSettings } from './services/audit/audit-recorder.ts';
import { DecisionLog, DEFAULT_DECISION_LOG_SETTINGS, type DecisionLogSettings } from './services/decisions/decision-log.ts';
import { expireDecisions as deleteExpiredDecisions } from './services/decisions/decision-retention.ts';
import type { Logger } from './logger.ts';
import { httpRefusal, INTERNAL_ERROR_MESSAGE, type RefusalCode } from './errors.ts';
import { logSafeError } from './log-safe-error.ts';
import { readJson } from './policy/index.ts';
import { closeAfterResponse } from './http/close-connection.ts';
import { CorsPolicy } from './http/cors.ts';
import { applyConnectionLimits, DEFAULT_HTTP_LIMITS, httpServerOptions, type HttpLimits } from './http/http-limits.ts';
import { BodyTooLarge, declaresBodyOver, hasBody, MAX_BODY_BYTES, readBody } from './http/read-body.ts';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/query-limits.ts';
import { UNAVAILABLE_MESSAGE } from './graphql/format-error.ts';
import { isDatabaseUnavailable } from './db/unavailable.ts';

export { MAX_BODY_BYTES } from './http/read-body.ts';
const SESSION_SWEEP_INTERVAL_MS = 3_600_000;
const DECISION_SWEEP_INTERVAL_MS = 3_600_000;
/** Room for a policy document at its deepest (32 levels) inside the variables that carry it. */
export const MAX_BODY_DEPTH = 64;

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
  /** Password hashing, sessions, signed requests, sign-in limits (auth/settings.ts). */
  auth: AuthSettings;
  /** Seals access-key secrets and TOTP seeds (auth/master-key.ts). */
  masterKey: Buffer;
  /** A hasher to share between servers of one process (tests); one of the server's own otherwise. */
  passwordHasher?: PasswordHasher;
  /** The time; injectable so that tests can move it (TOTP steps, lockouts, expiry). */
  clock?: () => Date;
  /** Timeouts and connection caps; DEFAULT_HTTP_LIMITS when unset. */
  httpLimits?: HttpLimits;
  /** Depth, alias, directive, token and cost limits, and introspection; DEFAULT_QUERY_LIMITS when unset. */
  queryLimits?: QueryLimits;
  /** The actions principalPermissions lists; an empty catalog when unset. */
  serviceCatalog?: ServiceCatalog;
  /** How long one page of whoCan or principalPermissions may run; tests go below zero to stop every page after one item. */
  permissionsPageBudgetMs?: number;
  /** What the audit trail records beyond mutations and sign-ins; DEFAULT_AUDIT_SETTINGS when unset. */
  audit?: AuditSettings;
  /** Heavy operations per principal per minute (auth/heavy-limit.ts); DEFAULT_HEAVY_LIMITS when unset. */
  heavyLimits?: HeavyLimits;
  /** Whether every policy decision is recorded, and for how long; off when unset. */
  decisionLog?: DecisionLogSettings;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Writes the buffered decisions now (tests: instead of waiting for the timer). */
  flushDecisions(): Promise<void>;
  /** The hourly retention sweep, run now at the server's clock; how many rows it deleted. */
  expireDecisions(): Promise<number>;
  stop(): Promise<void>;
}

// Request JSON is read strictly (see README, Limits): a repeated key would let two readers of one
// request see two different policies, and nesting is bounded before anything walks the value.
function readRequestJson(what: string, text: string): { value: unknown } | { message: string } {
  const read = readJson(text, { maxDepth: MAX_BODY_DEPTH });
  if (read.ok) return { value: read.value };
  return { message: read.error.code === 'JSON_SYNTAX_ERROR' ? `${what} is not valid JSON: ${read.error.message}` : `${what}: ${read.error.message}` };
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Refuses a request before GraphQL runs, with the code's status from the table in errors.ts. */
function sendRefusal(response: http.ServerResponse, code: RefusalCode, message: string): void {
  const { status, body } = httpRefusal(code, message);
  sendJson(response, status, body);
}

export async function createServer(deps: ServerDeps): Promise<RunningServer> {
  const httpLimits = deps.httpLimits ?? DEFAULT_HTTP_LIMITS;
  const limits = deps.databaseLimits ?? DEFAULT_DATABASE_LIMITS;
  const epochReader = new EpochReader(deps.databaseUrl, deps.onSql, limits);
  const readiness = new ReadinessProbe(deps.prisma, limits.readyTimeoutMs);
  const accessEvaluator = new AccessEvaluator(deps.prisma, deps.partition);
  const permissions = new EffectivePermissions(deps.prisma, deps.partition, accessEvaluator, deps.serviceCatalog, deps.permissionsPageBudgetMs);
  const audit = new AuditRecorder(deps.prisma, deps.audit ?? DEFAULT_AUDIT_SETTINGS, deps.partition);
  const epochs = new SharedRead<string, Epochs>((accountIds) => epochReader.read([...accountIds].filter((id) => id !== NO_ACCOUNT)));
  const auth = createAuthServices({
    prisma: deps.prisma,
    partition: deps.partition,
    settings: deps.auth,
    masterKey: deps.masterKey,
    hasher: deps.passwordHasher,
    onBackgroundError: (error) => deps.logger.warn({ error: logSafeError(error) }, 'could not record when access keys were last used; will retry'),
  });
  const apollo = createApollo(deps.queryLimits ?? DEFAULT_QUERY_LIMITS, new HeavyOperationLimit(auth.windows, deps.heavyLimits ?? DEFAULT_HEAVY_LIMITS));
  const clock = deps.clock ?? (() => new Date());
  const cors = new CorsPolicy(deps.auth.corsOrigins);
  // Expired sessions are refused anyway; clearing them hourly keeps the table to live ones.
  const sessionSweep = setInterval(() => {
    auth.sessions.clearExpired(clock()).catch((error: unknown) => deps.logger.warn({ error: logSafeError(error) }, 'could not clear expired sessions'));
  }, SESSION_SWEEP_INTERVAL_MS);
  sessionSweep.unref();
  // Off: no log object at all, so the request path does not even stamp a decision.
  const decisionSettings = deps.decisionLog ?? DEFAULT_DECISION_LOG_SETTINGS;
  const decisionLog = decisionSettings.enabled ? new DecisionLog(deps.prisma, decisionSettings, deps.logger) : undefined;
  const expireDecisions = () => deleteExpiredDecisions(deps.prisma, decisionSettings.retentionDays, clock());
  const decisionSweep = setInterval(() => {
    expireDecisions().catch((error: unknown) => deps.logger.warn({ error: logSafeError(error) }, 'could not delete expired decisions'));
  }, DECISION_SWEEP_INTERVAL_MS);
  decisionSweep.unref();
  await apollo.start();
  let inFlight = 0;
  let stopping = false;

  async function handleGraphql(request: http.IncomingMessage, response: http.ServerResponse, requestId: string, url: URL) {
    let body: unknown;
    let bytes: Buffer = Buffer.alloc(0);
    const badRequest = (message: string) => sendRefusal(response, 'BAD_REQUEST', message);
    if (request.method === 'POST') {
      bytes = await readBody(request);
      const text = bytes.toString('utf8');
      const read = text ? readRequestJson('the request body', text) : { value: undefined };
      if ('message' in read) return badRequest(read.message);
      body = read.value;
    } else {
      // Apollo reads these itself; they are only checked here.
      for (const name of ['variables', 'extensions']) {
        const text = url.searchParams.get(name);
        const read = text ? readRequestJson(`the \`${name}\` parameter`, text) : undefined;
        if (read && 'message' in read) return badRequest(read.message);
      }
    }
    const now = clock();
    // The request's epoch read: authentication checks cached credentials against it, and
    // evaluateAccess and the API's own authorization decide at its caller's policy epoch.
    const requestEpochs = new RequestEpochs(epochs);
    const presented = { method: request.method ?? 'GET', target: request.url ?? '/', headers: request.headers, body: bytes };
    const authentication = await auth.authenticator.authenticate(presented, requestEpochs.credentials, now).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) return { kind: 'unavailable' as const };
      throw error;
    });
    if (authentication.kind === 'unavailable') return sendRefusal(response, 'SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE);
    if (authentication.kind === 'refused') {
      response.setHeader('www-authenticate', 'Bearer');
      return sendRefusal(response, 'UNAUTHENTICATED', 'a valid credential is required: the one given is not (sign in again, or check the access key and signature)');
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
          caller: authentication.kind === 'caller' ? authentication.caller : undefined,
          prisma: deps.prisma,
          partition: deps.partition,
          logger: deps.logger,
          accessEvaluator,
          permissions,
          auth,
          epoch: requestEpochs.policy,
          sourceIp: request.socket.remoteAddress ?? 'unknown',
          userAgent: request.headers['user-agent'] ?? null,
          audit,
          decisionLog,
          now,
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
    // Only POST /graphql reads a body: elsewhere answer, then close rather than read a body nobody wants.
    const readsBody = url.pathname === '/graphql' && request.method === 'POST';
    if (!readsBody && hasBody(request)) closeAfterResponse(request, response);
    try {
      if (url.pathname === '/graphql') {
        if (CorsPolicy.isPreflight(request)) return cors.answerPreflight(request, response);
        cors.apply(request, response);
      }
      if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const ready = !stopping && (await readiness.check());
        return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
      }
      if (url.pathname === '/graphql') return await handleGraphql(request, response, requestId, url);
      sendJson(response, 404, { error: 'not found: the API is at /graphql' });
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        closeAfterResponse(request, response);
        return sendRefusal(response, 'PAYLOAD_TOO_LARGE', error.message);
      }
      deps.logger.error({ error: logSafeError(error), requestId }, 'request failed');
      if (!response.headersSent) sendRefusal(response, 'INTERNAL_SERVER_ERROR', INTERNAL_ERROR_MESSAGE);
      else response.end();
    }
  }

  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse) => {
    inFlight++;
    response.on('close', () => inFlight--);
    // Every statement the request causes carries its deadline (db/deadline.ts).
    void withDeadline(limits.requestTimeoutMs, () => handle(request, response));
  };
  const server = http.createServer(httpServerOptions(httpLimits), onRequest);
  applyConnectionLimits(server, httpLimits);
  // `expect: 100-continue`: a body announced over the limit is refused before the client sends it.
  server.on('checkContinue', (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (!declaresBodyOver(request, MAX_BODY_BYTES)) response.writeContinue();
    onRequest(request, response);
  });
  // A port in use (EADDRINUSE) rejects here rather than crashing the process from an 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${deps.host && deps.host !== '0.0.0.0' ? deps.host : '127.0.0.1'}:${port}/graphql`;

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    clearInterval(sessionSweep);
    clearInterval(decisionSweep);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + (deps.shutdownTimeoutMs ?? 10_000);
    while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    server.closeAllConnections();
    await closed;
    await apollo.stop();
    // After the last request: what it recorded of its access key's use is written too.
    await auth.keyUsage.stop();
    await decisionLog?.stop();
    await epochReader.close();
  }

  const flushDecisions = async () => decisionLog?.flush();
  return { url, port, flushDecisions, expireDecisions, stop };
}
