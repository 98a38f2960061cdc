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
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_CONNECT_TIMEOUT_MS: 'soon' }, 'DATABASE_CONNECT_TIMEOUT_MS'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '10' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_REQUEST_TIMEOUT_MS: '1.5' }, 'DATABASE_REQUEST_TIMEOUT_MS'],
    [{ DATABASE_READY_TIMEOUT_MS: '-1' }, 'DATABASE_READY_TIMEOUT_MS'],
  ])('rejects %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(name));
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
