// The API as a client meets it: a real HTTP server on port 0 over a real PostgreSQL database of
// this test file's own. `gql` posts a GraphQL request; `sqlCount` counts the SQL it caused.
import type { DatabaseLimits } from '../../src/db/limits.ts';
import { createPrisma } from '../../src/db/prisma.ts';
import { accountRootArn } from '../../src/domain/arn.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer, type RunningServer, type ServerDeps } from '../../src/server.ts';
import { ensureManagementAccount } from '../../src/services/accounts.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface GraphqlError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}
export interface GraphqlResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: GraphqlError[];
}

export const TEST_PARTITION = 'aws';
/** Header that picks the caller's account in tests; the production caller resolver has none. */
export const TEST_ACCOUNT_HEADER = 'x-test-account-id';

export interface TestApi {
  url: string;
  accountId: string;
  prisma: PrismaClient;
  database: TestDatabase;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { accountId?: string }): Promise<GraphqlResponse<T>>;
  /** Runs `work` and returns how many SQL statements the server sent meanwhile (through Prisma or not). */
  sqlCount(work: () => Promise<unknown>): Promise<number>;
  /** Stops the server and its client, then starts new ones on the same database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  /** Receives every log line the server writes (as JSON text); without it the server is silent. */
  logSink?: (line: string) => void;
  /** Server options under test (HTTP timeouts and caps, query limits); the defaults otherwise. */
  server?: Pick<ServerDeps, 'httpLimits' | 'queryLimits'>;
  /** A database of the test's own (e.g. on a PostgreSQL it stops); default: a fresh clone. */
  database?: TestDatabase;
  /** Where the server reaches the database, e.g. through a fault proxy; default: directly. */
  serverDatabaseUrl?: (databaseUrl: string) => string;
  /** The server's database bounds; default: the service's. */
  databaseLimits?: DatabaseLimits;
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const database = options.database ?? (await createTestDatabase());
  const serverUrl = options.serverDatabaseUrl?.(database.url) ?? database.url;
  const limits = options.databaseLimits;
  let statements = 0;
  const sink = options.logSink;
  const logger = sink ? createLogger('debug', { write: (line: string) => sink(line) }) : createLogger('silent');
  let prisma = createPrisma(serverUrl, { onQuery: () => statements++, limits });
  const account = await ensureManagementAccount(prisma);
  const start = (client: PrismaClient): Promise<RunningServer> =>
    createServer({
      prisma: client,
      databaseUrl: serverUrl,
      databaseLimits: limits,
      onSql: () => statements++,
      logger,
      partition: TEST_PARTITION,
      port: 0,
      host: '127.0.0.1',
      ...options.server,
      resolveCaller: (request) => {
        const header = request.headers[TEST_ACCOUNT_HEADER];
        const accountId = typeof header === 'string' ? header : account.id;
        return { accountId, arn: accountRootArn(TEST_PARTITION, accountId), type: 'Root' };
      },
    });
  let server = await start(prisma);

  const api: TestApi = {
    get url() {
      return server.url;
    },
    accountId: account.id,
    get prisma() {
      return prisma;
    },
    database,
    async gql(query, variables, options) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options?.accountId ? { [TEST_ACCOUNT_HEADER]: options.accountId } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphqlResponse<any>;
    },
    async sqlCount(work) {
      const before = statements;
      await work();
      return statements - before;
    },
    async restart() {
      await server.stop();
      await prisma.$disconnect();
      prisma = createPrisma(serverUrl, { onQuery: () => statements++, limits });
      server = await start(prisma);
    },
    async stop() {
      await server.stop();
      await prisma.$disconnect();
      await database.drop();
    },
  };
  return api;
}

/** The data of a response that must have succeeded; fails with the errors otherwise. */
export function dataOf<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`expected success, got: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** The first error of a response that must have failed; fails the test otherwise. */
export function firstError(response: GraphqlResponse): GraphqlError {
  if (!response.errors?.length) throw new Error(`expected an error, got data: ${JSON.stringify(response.data)}`);
  return response.errors[0]!;
}

/** The single error code of a response that must have failed. */
export function errorCodeOf(response: GraphqlResponse): string | undefined {
  if (!response.errors?.length) throw new Error(`expected an error, got data: ${JSON.stringify(response.data)}`);
  return response.errors[0]!.extensions?.code;
}
