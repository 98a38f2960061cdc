// What a new password must be: the account's password policy when it has one, else the default
// (ASVS 5.0): 8 to 128 characters of any kind, Unicode included, no composition rules. Length
// is counted in code points, so an emoji is one character, as people count. Under every policy
// it must not be a common password, nor the user's own name or email.
import { GatehouseError } from '../errors.ts';
import { isCommonPassword } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export interface PasswordRules {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
}

export const DEFAULT_PASSWORD_RULES: PasswordRules = Object.freeze({
  minimumPasswordLength: MIN_PASSWORD_LENGTH,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
});

// AWS's symbols for RequireSymbols.
const SYMBOLS = /[!@#$%^&*()_+\-=[\]{}|']/;

const violation = (field: string, rule: string) => new GatehouseError('PASSWORD_POLICY_VIOLATION', `\`${field}\`: the password ${rule}`, { field });

/**
 * Throws PASSWORD_POLICY_VIOLATION naming the first rule `password` breaks; `names` are the
 * user name or email it must not equal (ignoring case).
 */
export function checkPasswordRules(field: string, password: string, rules: PasswordRules | null, names: readonly string[] = []): void {
  const policy = rules ?? DEFAULT_PASSWORD_RULES;
  const length = [...password].length;
  if (length < policy.minimumPasswordLength) throw violation(field, `must be at least ${policy.minimumPasswordLength} characters`);
  if (length > MAX_PASSWORD_LENGTH) throw violation(field, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (policy.requireUppercaseCharacters && !/[A-Z]/.test(password)) throw violation(field, 'must contain an uppercase letter (A-Z)');
  if (policy.requireLowercaseCharacters && !/[a-z]/.test(password)) throw violation(field, 'must contain a lowercase letter (a-z)');
  if (policy.requireNumbers && !/[0-9]/.test(password)) throw violation(field, 'must contain a digit (0-9)');
  if (policy.requireSymbols && !SYMBOLS.test(password)) throw violation(field, "must contain one of the symbols ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '");
  if (isCommonPassword(password)) throw violation(field, 'is one of the most common passwords: choose one that is harder to guess');
  const lower = password.toLowerCase();
  if (names.some((name) => name.toLowerCase() === lower)) throw violation(field, 'must not be the user name or email');
}
