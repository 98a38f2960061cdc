// The rules every new password meets: the default (ASVS) or a policy's, and under both: not a
// common password, not the user's own name or email.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../src/auth/common-passwords.ts';
import { checkPasswordRules, DEFAULT_PASSWORD_RULES, type PasswordRules } from '../../src/auth/password-rules.ts';
import { GatehouseError } from '../../src/errors.ts';

const STRICT: PasswordRules = { minimumPasswordLength: 8, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true };

function violation(check: () => void): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(GatehouseError);
    expect((error as GatehouseError).code).toBe('PASSWORD_POLICY_VIOLATION');
    return (error as GatehouseError).message;
  }
  throw new Error('expected PASSWORD_POLICY_VIOLATION');
}

describe('the common password list', () => {
  const lines = readFileSync(new URL('../../src/auth/common-passwords.txt', import.meta.url), 'utf8').trimEnd().split('\n');

  it('ships 10,000 lowercase entries of at least 8 characters, each once', () => {
    expect(lines).toHaveLength(10_000);
    expect(new Set(lines).size).toBe(10_000);
    expect(lines.every((line) => line === line.toLowerCase() && [...line].length >= 8)).toBe(true);
  });

  it('matches ignoring case', () => {
    expect(isCommonPassword('password1')).toBe(true);
    expect(isCommonPassword('PassWord1')).toBe(true);
    expect(isCommonPassword('ILOVEYOU')).toBe(true);
    expect(isCommonPassword('ice cold lantern 42')).toBe(false);
  });
});

describe('checkPasswordRules', () => {
  it.each([null, DEFAULT_PASSWORD_RULES, STRICT])('refuses a common password under %o', (rules) => {
    // `P@ssw0rd` meets every composition rule and is on the list.
    expect(isCommonPassword('P@ssw0rd')).toBe(true);
    expect(violation(() => checkPasswordRules('password', 'P@ssw0rd', rules))).toBe(
      '`password`: the password is one of the most common passwords: choose one that is harder to guess',
    );
  });

  it('refuses the user name or email, ignoring case', () => {
    expect(violation(() => checkPasswordRules('password', 'Alice-The-Admin', null, ['alice-the-admin']))).toMatch(/must not be the user name or email/);
    expect(violation(() => checkPasswordRules('rootPassword', 'ROOT@example.com', null, ['root@example.com']))).toMatch(/must not be the user name or email/);
    expect(() => checkPasswordRules('password', 'alice-the-admin!', null, ['alice-the-admin'])).not.toThrow();
  });

  it('takes any Unicode by default and counts code points', () => {
    expect(() => checkPasswordRules('password', 'zaq🦊🦊🦊🦊🦊', null)).not.toThrow();
    expect(violation(() => checkPasswordRules('password', '🦊🦊🦊🦊🦊🦊🦊', null))).toMatch(/at least 8/);
    expect(violation(() => checkPasswordRules('password', 'x'.repeat(129), null))).toMatch(/at most 128/);
  });

  it('applies a policy’s composition rules', () => {
    expect(violation(() => checkPasswordRules('password', 'lantern-river-42', STRICT))).toMatch(/uppercase/);
    expect(() => checkPasswordRules('password', 'Lantern-River-42', STRICT)).not.toThrow();
  });
});
