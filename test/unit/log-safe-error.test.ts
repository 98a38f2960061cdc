// Log lines describe unexpected errors by kind and code only: no stack, no driver message.
import { describe, expect, it } from 'vitest';
import { logSafeError, startupError } from '../../src/log-safe-error.ts';

describe('logSafeError', () => {
  it('keeps the type and code of a database error but drops its message', () => {
    const error = Object.assign(new Error('insert into "User" values (\'secret\')'), { code: 'P2002' });
    expect(logSafeError(error)).toEqual({ type: 'Error', code: 'P2002' });
  });

  it('keeps the message of a programming error, which names code rather than data', () => {
    expect(logSafeError(new TypeError('x.y is not a function'))).toEqual({ type: 'TypeError', message: 'x.y is not a function' });
  });

  it('describes non-errors by their type', () => {
    expect(logSafeError('boom')).toEqual({ type: 'string' });
  });

  it('gives start-up failures their message, never their stack', () => {
    const described = startupError(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    expect(described).toEqual({ type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
    expect(JSON.stringify(described)).not.toContain('    at ');
  });
});
