// The service's configuration: the environment, parsed once into a typed, frozen object.
// A bad value stops the process at start with a message that names the variable.
import path from 'node:path';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/query-limits.ts';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/http-limits.ts';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './db/limits.ts';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from './auth/settings.ts';
import { DEFAULT_HEAVY_LIMITS, type HeavyLimits } from './auth/heavy-limit.ts';
import type { AuditSettings } from './services/audit/audit-recorder.ts';
import { DEFAULT_DECISION_LOG_SETTINGS, type DecisionLogSettings } from './services/decisions/decision-log.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Config {
  /** TCP port for HTTP; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  /** PostgreSQL to use; undefined starts the embedded one. */
  readonly databaseUrl: string | undefined;
  /** Where the embedded PostgreSQL keeps its files. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** ARN partition: `aws` by default so that existing IAM tooling carries over. */
  readonly partition: string;
  /** Id for the account created on first start; random when unset. */
  readonly managementAccountId: string | undefined;
  /** How long in-flight requests get to finish on shutdown. */
  readonly shutdownTimeoutMs: number;
  /** Timeouts and connection caps of the HTTP server. */
  readonly httpLimits: HttpLimits;
  /** Limits on one GraphQL operation, and whether introspection is on. */
  readonly queryLimits: QueryLimits;
  /** Pool size and how long to wait on PostgreSQL (db/limits.ts). */
  readonly database: DatabaseLimits;
  /** The root user created on first start: its email, and its password (generated when unset). */
  readonly rootEmail: string;
  readonly rootPassword: string | undefined;
  /** GATEHOUSE_MASTER_KEY decoded (32 bytes); undefined reads or creates one in the data directory. */
  readonly masterKey: Buffer | undefined;
  /** Password hashing, sessions, signed requests, sign-in limits, CORS (auth/settings.ts). */
  readonly auth: AuthSettings;
  /** What the audit trail records beyond mutations and sign-ins (services/audit/audit-recorder.ts). */
  readonly audit: AuditSettings;
  /** Expensive operations per principal per minute (auth/heavy-limit.ts). */
  readonly heavyLimits: HeavyLimits;
  /** Whether every policy decision is recorded, and for how long (services/decisions/decision-log.ts). */
  readonly decisionLog: DecisionLogSettings;
}

export class ConfigError extends Error {}

/** Documented environment variables; README.md lists the same. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got \`${raw}\``);
      return fallback;
    }
    return value;
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgresql:// URL');
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got \`${env.LOG_LEVEL}\``);
  const partition = env.GATEHOUSE_PARTITION || 'aws';
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(partition)) problems.push(`GATEHOUSE_PARTITION must look like \`aws\`, got \`${partition}\``);
  const managementAccountId = env.GATEHOUSE_ACCOUNT_ID || undefined;
  if (managementAccountId && !/^\d{12}$/.test(managementAccountId)) {
    problems.push(`GATEHOUSE_ACCOUNT_ID must be 12 digits, got \`${managementAccountId}\``);
  }
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    problems.push(`${name} must be \`true\` or \`false\`, got \`${raw}\``);
    return fallback;
  };
  const decisionLogText = (env.GATEHOUSE_DECISION_LOG ?? '').toLowerCase();
  if (!['', 'on', 'off', 'true', 'false'].includes(decisionLogText)) {
    problems.push(`GATEHOUSE_DECISION_LOG must be \`on\` or \`off\`, got \`${env.GATEHOUSE_DECISION_LOG}\``);
  }
  const http = DEFAULT_HTTP_LIMITS;
  const httpLimits: HttpLimits = Object.freeze({
    headersTimeoutMs: integer('HTTP_HEADERS_TIMEOUT_MS', http.headersTimeoutMs, 100, 600000),
    requestTimeoutMs: integer('HTTP_REQUEST_TIMEOUT_MS', http.requestTimeoutMs, 100, 3600000),
    keepAliveTimeoutMs: integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', http.keepAliveTimeoutMs, 100, 600000),
    maxRequestsPerSocket: integer('HTTP_MAX_REQUESTS_PER_SOCKET', http.maxRequestsPerSocket, 0, 1000000),
    maxConnections: integer('HTTP_MAX_CONNECTIONS', http.maxConnections, 1, 1000000),
  });
  if (httpLimits.headersTimeoutMs > httpLimits.requestTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not be more than HTTP_REQUEST_TIMEOUT_MS');
  }
  const query = DEFAULT_QUERY_LIMITS;
  const queryLimits: QueryLimits = Object.freeze({
    maxDepth: integer('GRAPHQL_MAX_DEPTH', query.maxDepth, 1, 1000),
    maxAliases: integer('GRAPHQL_MAX_ALIASES', query.maxAliases, 0, 100000),
    maxDirectives: integer('GRAPHQL_MAX_DIRECTIVES', query.maxDirectives, 0, 100000),
    maxTokens: integer('GRAPHQL_MAX_TOKENS', query.maxTokens, 1, 1000000),
    maxCost: integer('GRAPHQL_MAX_COST', query.maxCost, 1, 100000000),
    introspection: boolean('GATEHOUSE_INTROSPECTION', query.introspection),
  });
  const masterKeyText = env.GATEHOUSE_MASTER_KEY || undefined;
  const masterKey = masterKeyText === undefined ? undefined : Buffer.from(masterKeyText, 'base64');
  if (masterKey && (masterKey.length !== 32 || masterKey.toString('base64') !== masterKeyText?.trim())) {
    problems.push('GATEHOUSE_MASTER_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)');
  }
  const rootEmail = env.GATEHOUSE_ROOT_EMAIL || 'root@localhost';
  if (!/^[^\s@]{1,64}@[^\s@]{1,190}$/.test(rootEmail) || rootEmail.length > 64) problems.push(`GATEHOUSE_ROOT_EMAIL must be an email address of at most 64 characters, got \`${rootEmail}\``);
  const rootPassword = env.GATEHOUSE_ROOT_PASSWORD || undefined;
  if (rootPassword !== undefined && ([...rootPassword].length < 8 || [...rootPassword].length > 128)) {
    problems.push('GATEHOUSE_ROOT_PASSWORD must be 8 to 128 characters');
  }
  const region = env.GATEHOUSE_REGION || DEFAULT_AUTH_SETTINGS.region;
  if (!/^[a-z]{2}(-[a-z0-9]+){1,3}$/.test(region)) problems.push(`GATEHOUSE_REGION must look like \`us-east-1\`, got \`${region}\``);
  const corsOrigins = (env.GATEHOUSE_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    let valid = false;
    try {
      const url = new URL(origin);
      valid = url.origin === origin && (url.protocol === 'http:' || url.protocol === 'https:');
    } catch {}
    if (!valid) problems.push(`GATEHOUSE_CORS_ORIGINS must be origins like \`https://console.example.com\` separated by commas, got \`${origin}\``);
  }
  const authDefaults = DEFAULT_AUTH_SETTINGS;
  const auth: AuthSettings = Object.freeze({
    argon2: Object.freeze({
      memoryKiB: integer('GATEHOUSE_ARGON2_MEMORY_KIB', authDefaults.argon2.memoryKiB, 19456, 4194304),
      timeCost: integer('GATEHOUSE_ARGON2_TIME_COST', authDefaults.argon2.timeCost, 2, 100),
      parallelism: integer('GATEHOUSE_ARGON2_PARALLELISM', authDefaults.argon2.parallelism, 1, 16),
    }),
    maxConcurrentHashes: integer('GATEHOUSE_MAX_CONCURRENT_HASHES', authDefaults.maxConcurrentHashes, 1, 256),
    sessionDurationSeconds: integer('GATEHOUSE_SESSION_DURATION_SECONDS', authDefaults.sessionDurationSeconds, 900, 43200),
    region,
    signInLimitPerIp: integer('GATEHOUSE_SIGNIN_LIMIT_PER_IP', authDefaults.signInLimitPerIp, 0, 1000000),
    signInLimitPerUser: integer('GATEHOUSE_SIGNIN_LIMIT_PER_USER', authDefaults.signInLimitPerUser, 0, 1000000),
    corsOrigins: Object.freeze(corsOrigins),
  });
  const config: Config = {
    port: integer('PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.GATEHOUSE_DATA_DIR || '.data'),
    logLevel,
    partition,
    managementAccountId,
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    httpLimits,
    queryLimits,
    database: Object.freeze({
      poolSize: integer('DATABASE_POOL_SIZE', DEFAULT_DATABASE_LIMITS.poolSize, 1, 1000),
      connectTimeoutMs: integer('DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_DATABASE_LIMITS.connectTimeoutMs, 100, 600000),
      statementTimeoutMs: integer('DATABASE_STATEMENT_TIMEOUT_MS', DEFAULT_DATABASE_LIMITS.statementTimeoutMs, 100, 3600000),
      requestTimeoutMs: integer('DATABASE_REQUEST_TIMEOUT_MS', DEFAULT_DATABASE_LIMITS.requestTimeoutMs, 100, 3600000),
      readyTimeoutMs: integer('DATABASE_READY_TIMEOUT_MS', DEFAULT_DATABASE_LIMITS.readyTimeoutMs, 100, 600000),
    }),
    rootEmail,
    rootPassword,
    masterKey,
    auth,
    audit: Object.freeze({ recordQueries: boolean('GATEHOUSE_AUDIT_QUERIES', false) }),
    heavyLimits: Object.freeze({ perPrincipal: integer('GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL', DEFAULT_HEAVY_LIMITS.perPrincipal, 0, 1000000) }),
    decisionLog: Object.freeze({
      enabled: decisionLogText === 'on' || decisionLogText === 'true',
      retentionDays: integer('GATEHOUSE_DECISION_LOG_RETENTION_DAYS', DEFAULT_DECISION_LOG_SETTINGS.retentionDays, 1, 3650),
    }),
  };
  if (problems.length) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return Object.freeze(config);
}
