// Configuration is parsed once and fails fast with a message naming the bad variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, logLevel: 'info', partition: 'aws' });
    expect(config.dataDir.endsWith('.data')).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ GATEHOUSE_PARTITION: 'AWS CN' }, 'GATEHOUSE_PARTITION'],
    [{ GATEHOUSE_ACCOUNT_ID: '12' }, 'GATEHOUSE_ACCOUNT_ID'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '0' }, 'HTTP_HEADERS_TIMEOUT_MS'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '30000' }, 'HTTP_HEADERS_TIMEOUT_MS'],
    [{ HTTP_MAX_CONNECTIONS: '0' }, 'HTTP_MAX_CONNECTIONS'],
    [{ GRAPHQL_MAX_ALIASES: 'many' }, 'GRAPHQL_MAX_ALIASES'],
    [{ GATEHOUSE_INTROSPECTION: 'no' }, 'GATEHOUSE_INTROSPECTION'],
    [{ GATEHOUSE_AUDIT_QUERIES: 'yes' }, 'GATEHOUSE_AUDIT_QUERIES'],
    [{ GATEHOUSE_DECISION_LOG: 'yes' }, 'GATEHOUSE_DECISION_LOG'],
    [{ GATEHOUSE_DECISION_LOG_RETENTION_DAYS: '0' }, 'GATEHOUSE_DECISION_LOG_RETENTION_DAYS'],
    [{ GATEHOUSE_DECISION_LOG_RETENTION_DAYS: '3651' }, 'GATEHOUSE_DECISION_LOG_RETENTION_DAYS'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_CONNECT_TIMEOUT_MS: 'soon' }, 'DATABASE_CONNECT_TIMEOUT_MS'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '10' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_REQUEST_TIMEOUT_MS: '1.5' }, 'DATABASE_REQUEST_TIMEOUT_MS'],
    [{ DATABASE_READY_TIMEOUT_MS: '-1' }, 'DATABASE_READY_TIMEOUT_MS'],
    [{ GATEHOUSE_MASTER_KEY: 'c2hvcnQ=' }, 'GATEHOUSE_MASTER_KEY'],
    [{ GATEHOUSE_MASTER_KEY: 'not base64 at all, and long enough to be 32 bytes' }, 'GATEHOUSE_MASTER_KEY'],
    [{ GATEHOUSE_ROOT_EMAIL: 'no-at-sign' }, 'GATEHOUSE_ROOT_EMAIL'],
    [{ GATEHOUSE_ROOT_PASSWORD: 'short' }, 'GATEHOUSE_ROOT_PASSWORD'],
    [{ GATEHOUSE_ARGON2_MEMORY_KIB: '1024' }, 'GATEHOUSE_ARGON2_MEMORY_KIB'],
    [{ GATEHOUSE_ARGON2_TIME_COST: '1' }, 'GATEHOUSE_ARGON2_TIME_COST'],
    [{ GATEHOUSE_MAX_CONCURRENT_HASHES: '0' }, 'GATEHOUSE_MAX_CONCURRENT_HASHES'],
    [{ GATEHOUSE_SESSION_DURATION_SECONDS: '60' }, 'GATEHOUSE_SESSION_DURATION_SECONDS'],
    [{ GATEHOUSE_REGION: 'Mars' }, 'GATEHOUSE_REGION'],
    [{ GATEHOUSE_SIGNIN_LIMIT_PER_IP: '-1' }, 'GATEHOUSE_SIGNIN_LIMIT_PER_IP'],
    [{ GATEHOUSE_SIGNIN_LIMIT_PER_USER: 'lots' }, 'GATEHOUSE_SIGNIN_LIMIT_PER_USER'],
    [{ GATEHOUSE_CORS_ORIGINS: 'https://ok.example, *' }, 'GATEHOUSE_CORS_ORIGINS'],
    [{ GATEHOUSE_CORS_ORIGINS: 'https://console.example/path' }, 'GATEHOUSE_CORS_ORIGINS'],
    [{ GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL: '-1' }, 'GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL'],
    [{ GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL: '1000001' }, 'GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL'],
    [{ GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL: '2.5' }, 'GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL'],
    [{ GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL: 'lots' }, 'GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL'],
  ])('rejects %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(name));
  });

  it('has credential settings with documented defaults (OWASP\'s argon2id floor), each settable', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ rootEmail: 'root@localhost', rootPassword: undefined, masterKey: undefined });
    expect(defaults.auth).toEqual({
      argon2: { memoryKiB: 19456, timeCost: 2, parallelism: 1 },
      maxConcurrentHashes: 2,
      sessionDurationSeconds: 43200,
      region: 'us-east-1',
      signInLimitPerIp: 100,
      signInLimitPerUser: 20,
      corsOrigins: [],
    });
    const key = Buffer.alloc(32, 7);
    const set = loadConfig({
      GATEHOUSE_ROOT_EMAIL: 'ops@example.com',
      GATEHOUSE_ROOT_PASSWORD: 'a root password',
      GATEHOUSE_MASTER_KEY: key.toString('base64'),
      GATEHOUSE_ARGON2_MEMORY_KIB: '65536',
      GATEHOUSE_ARGON2_TIME_COST: '3',
      GATEHOUSE_ARGON2_PARALLELISM: '2',
      GATEHOUSE_MAX_CONCURRENT_HASHES: '4',
      GATEHOUSE_SESSION_DURATION_SECONDS: '3600',
      GATEHOUSE_REGION: 'eu-west-2',
      GATEHOUSE_SIGNIN_LIMIT_PER_IP: '0',
      GATEHOUSE_SIGNIN_LIMIT_PER_USER: '5',
      GATEHOUSE_CORS_ORIGINS: 'https://console.example.com, http://localhost:5173',
    });
    expect(set).toMatchObject({ rootEmail: 'ops@example.com', rootPassword: 'a root password', masterKey: key });
    expect(set.auth).toEqual({
      argon2: { memoryKiB: 65536, timeCost: 3, parallelism: 2 },
      maxConcurrentHashes: 4,
      sessionDurationSeconds: 3600,
      region: 'eu-west-2',
      signInLimitPerIp: 0,
      signInLimitPerUser: 5,
      corsOrigins: ['https://console.example.com', 'http://localhost:5173'],
    });
  });

  it('has HTTP and query limits with documented defaults, each settable', () => {
    const defaults = loadConfig({});
    expect(defaults.httpLimits).toEqual({ headersTimeoutMs: 10000, requestTimeoutMs: 30000, keepAliveTimeoutMs: 5000, maxRequestsPerSocket: 1000, maxConnections: 1000 });
    expect(defaults.queryLimits).toEqual({ maxDepth: 6, maxAliases: 50, maxDirectives: 50, maxTokens: 1000, maxCost: 5000, introspection: true });
    expect(Object.isFrozen(defaults.httpLimits) && Object.isFrozen(defaults.queryLimits)).toBe(true);
    const set = loadConfig({
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '4000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
      HTTP_MAX_REQUESTS_PER_SOCKET: '0',
      HTTP_MAX_CONNECTIONS: '20',
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_ALIASES: '10',
      GRAPHQL_MAX_DIRECTIVES: '5',
      GRAPHQL_MAX_TOKENS: '3000',
      GRAPHQL_MAX_COST: '900',
      GATEHOUSE_INTROSPECTION: 'false',
    });
    expect(set.httpLimits).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000, maxRequestsPerSocket: 0, maxConnections: 20 });
    expect(set.queryLimits).toEqual({ maxDepth: 8, maxAliases: 10, maxDirectives: 5, maxTokens: 3000, maxCost: 900, introspection: false });
  });

  it('records queries in the audit trail only when GATEHOUSE_AUDIT_QUERIES is true', () => {
    expect(loadConfig({}).audit).toEqual({ recordQueries: false });
    expect(loadConfig({ GATEHOUSE_AUDIT_QUERIES: 'true' }).audit).toEqual({ recordQueries: true });
  });

  it('limits heavy operations to 600 per principal a minute by default; 0 turns the limit off', () => {
    expect(loadConfig({}).heavyLimits).toEqual({ perPrincipal: 600 });
    expect(Object.isFrozen(loadConfig({}).heavyLimits)).toBe(true);
    expect(loadConfig({ GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL: '0' }).heavyLimits).toEqual({ perPrincipal: 0 });
    expect(loadConfig({ GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL: '1000000' }).heavyLimits).toEqual({ perPrincipal: 1000000 });
  });

  it('records decisions only when GATEHOUSE_DECISION_LOG is on (or true), for 30 days unless told otherwise', () => {
    expect(loadConfig({}).decisionLog).toEqual({ enabled: false, retentionDays: 30 });
    expect(loadConfig({ GATEHOUSE_DECISION_LOG: 'off' }).decisionLog.enabled).toBe(false);
    expect(loadConfig({ GATEHOUSE_DECISION_LOG: 'on' }).decisionLog.enabled).toBe(true);
    expect(loadConfig({ GATEHOUSE_DECISION_LOG: 'TRUE', GATEHOUSE_DECISION_LOG_RETENTION_DAYS: '3650' }).decisionLog).toEqual({ enabled: true, retentionDays: 3650 });
    expect(Object.isFrozen(loadConfig({}).decisionLog)).toBe(true);
  });

  it('reads the database limits', () => {
    const env = { DATABASE_POOL_SIZE: '3', DATABASE_CONNECT_TIMEOUT_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '700', DATABASE_REQUEST_TIMEOUT_MS: '900', DATABASE_READY_TIMEOUT_MS: '300' };
    expect(loadConfig(env).database).toEqual({ poolSize: 3, connectTimeoutMs: 500, statementTimeoutMs: 700, requestTimeoutMs: 900, readyTimeoutMs: 300 });
    expect(Object.isFrozen(loadConfig(env).database)).toBe(true);
  });

  it('reports every bad variable at once', () => {
    const message = (() => {
      try {
        loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('PORT must be');
    expect(message).toContain('LOG_LEVEL must be');
  });
});
