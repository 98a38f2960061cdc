// The API as a client meets it: a real HTTP server on port 0 over a real PostgreSQL database of
// this test file's own, bootstrapped as on a first start, with its root signed in through the
// API (signIn). `gql` posts a GraphQL request with that session's Bearer token (or another
// account's, or none); `sqlCount` counts the SQL it caused.
import { randomBytes } from 'node:crypto';
import { bootstrap } from '../../src/auth/bootstrap.ts';
import { PasswordHasher } from '../../src/auth/password-hasher.ts';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from '../../src/auth/settings.ts';
import type { DatabaseLimits } from '../../src/db/limits.ts';
import { createPrisma } from '../../src/db/prisma.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer, type RunningServer, type ServerDeps } from '../../src/server.ts';
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
/** The bootstrap root of every test database signs in with these (GATEHOUSE_ROOT_EMAIL/_PASSWORD). */
export const TEST_ROOT_EMAIL = 'root@gatehouse.test';
export const TEST_ROOT_PASSWORD = 'correct horse battery staple';

/** Who a request is sent as: an account's signed-in root (default: the management account's), a token, or nobody. */
export interface SendAs {
  accountId?: string;
  token?: string;
  anonymous?: boolean;
}

export interface CreatedAccount {
  accountId: string;
  email: string;
  rootPassword: string;
  /** A session token of the account's root, signed in through the API. */
  token: string;
}

export interface TestApi {
  url: string;
  /** The master key the server seals secrets with. */
  masterKey: Buffer;
  accountId: string;
  prisma: PrismaClient;
  database: TestDatabase;
  /** The management root's session token. */
  token: string;
  /** `{ authorization: 'Bearer ...' }` of the management root (or of `as`), for requests sent without gql. */
  authHeaders(as?: SendAs): Record<string, string>;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: SendAs): Promise<GraphqlResponse<T>>;
  /** Signs in through the API; the session token, or throws with the errors. */
  signIn(input: Record<string, unknown>): Promise<string>;
  /** createAccount through the API (by the management root), then signIn as its root; later `gql(..., { accountId })` acts as that root. */
  createAccount(input?: Record<string, unknown>): Promise<CreatedAccount>;
  /** Another server process's worth on the same database (own caches, own Prisma client, same master key): `url` and `stop`. */
  startOtherServer(options?: Pick<TestApiOptions, 'auth' | 'clock'>): Promise<RunningServer>;
  /** Runs `work` and returns how many SQL statements the server sent meanwhile (through Prisma or not). */
  sqlCount(work: () => Promise<unknown>): Promise<number>;
  /** The server's flushDecisions and expireDecisions (decision log: write the buffer now, run the retention sweep now). */
  decisions: Pick<RunningServer, 'flushDecisions' | 'expireDecisions'>;
  /** Stops the server and its client, then starts new ones on the same database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  /** Receives every log line the server writes (as JSON text); without it the server is silent. */
  logSink?: (line: string) => void;
  /** Server options under test (HTTP timeouts and caps, query limits); the defaults otherwise. */
  server?: Pick<ServerDeps, 'httpLimits' | 'queryLimits' | 'serviceCatalog' | 'permissionsPageBudgetMs' | 'audit' | 'heavyLimits' | 'decisionLog'>;
  /** A database of the test's own (e.g. on a PostgreSQL it stops); default: a fresh clone. */
  database?: TestDatabase;
  /** Where the server reaches the database, e.g. through a fault proxy; default: directly. */
  serverDatabaseUrl?: (databaseUrl: string) => string;
  /** The server's database bounds; default: the service's. */
  databaseLimits?: DatabaseLimits;
  /** Authentication settings under test (sign-in limits, session length); the defaults otherwise. */
  auth?: Partial<AuthSettings>;
  /** The server's clock; the real one otherwise. */
  clock?: () => Date;
  /** The master key sealing secrets; random otherwise. A second server on the same database needs the first one's. */
  masterKey?: Buffer;
  /** The server's password hasher (e.g. of another argon2 cost); the shared test hasher otherwise. */
  passwordHasher?: PasswordHasher;
}

// One hasher for every server of a test process: the decoy hash is computed once.
let sharedHasher: PasswordHasher | undefined;
export const testPasswordHasher = () => (sharedHasher ??= new PasswordHasher(DEFAULT_AUTH_SETTINGS.argon2, DEFAULT_AUTH_SETTINGS.maxConcurrentHashes));
let accountCount = 0;

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const database = options.database ?? (await createTestDatabase());
  const serverUrl = options.serverDatabaseUrl?.(database.url) ?? database.url;
  const limits = options.databaseLimits;
  let statements = 0;
  const sink = options.logSink;
  const logger = sink ? createLogger('debug', { write: (line: string) => sink(line) }) : createLogger('silent');
  let prisma = createPrisma(serverUrl, { onQuery: () => statements++, limits });
  const hasher = options.passwordHasher ?? testPasswordHasher();
  const { account } = await bootstrap(prisma, hasher, { rootEmail: TEST_ROOT_EMAIL, rootPassword: TEST_ROOT_PASSWORD });
  const masterKey = options.masterKey ?? randomBytes(32);
  const start = (client: PrismaClient, overrides: Pick<TestApiOptions, 'auth' | 'clock'> = options): Promise<RunningServer> =>
    createServer({
      prisma: client,
      databaseUrl: serverUrl,
      databaseLimits: limits,
      onSql: () => statements++,
      logger,
      partition: TEST_PARTITION,
      port: 0,
      host: '127.0.0.1',
      // Off unless a test sets it: its statement per heavy request would change the statement
      // counts other tests assert (test/api/heavy-limits.test.ts tests it).
      heavyLimits: { perPrincipal: 0 },
      ...options.server,
      auth: { ...DEFAULT_AUTH_SETTINGS, ...overrides.auth },
      masterKey,
      passwordHasher: hasher,
      clock: overrides.clock,
    });
  let server = await start(prisma);
  const tokens = new Map<string, string>();
  const headersFor = (as: SendAs = {}): Record<string, string> => {
    if (as.anonymous) return {};
    const token = as.token ?? tokens.get(as.accountId ?? account.id);
    if (!token) throw new Error(`no signed-in root for account ${as.accountId}: create it with api.createAccount()`);
    return { authorization: `Bearer ${token}` };
  };
  const post = async (query: string, variables: Record<string, unknown> | undefined, as?: SendAs) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headersFor(as) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse<any>;
  };
  const signIn = async (input: Record<string, unknown>) => {
    const answer = await post('mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }', { input }, { anonymous: true });
    return dataOf(answer).signIn.sessionToken as string;
  };
  tokens.set(account.id, await signIn({ email: TEST_ROOT_EMAIL, password: TEST_ROOT_PASSWORD }));

  const api: TestApi = {
    get url() {
      return server.url;
    },
    accountId: account.id,
    masterKey,
    get prisma() {
      return prisma;
    },
    database,
    get token() {
      return tokens.get(account.id)!;
    },
    authHeaders: headersFor,
    gql: post,
    decisions: {
      flushDecisions: () => server.flushDecisions(),
      expireDecisions: () => server.expireDecisions(),
    },
    signIn,
    async createAccount(input = {}) {
      const email = `root-${++accountCount}-${randomBytes(4).toString('hex')}@accounts.test`;
      const created = dataOf(
        await post(
          'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { accountId email } rootPassword } }',
          { input: { accountName: `account ${accountCount}`, email, ...input } },
        ),
      ).createAccount;
      const rootPassword = (input.rootPassword as string | undefined) ?? created.rootPassword;
      const token = await signIn({ email: created.account.email, password: rootPassword });
      tokens.set(created.account.accountId, token);
      return { accountId: created.account.accountId, email: created.account.email, rootPassword, token };
    },
    async startOtherServer(overrides = {}) {
      const client = createPrisma(serverUrl, { limits });
      const other = await start(client, overrides);
      return {
        ...other,
        async stop() {
          await other.stop();
          await client.$disconnect();
        },
      };
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
