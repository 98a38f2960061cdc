// Errors about a variable that does not fit its type never repeat the value it got.
import { describe, expect, it } from 'vitest';
import { withoutVariableValues } from '../../src/graphql/coercion-message.ts';

describe('withoutVariableValues', () => {
  it.each([
    [
      'Variable "$input" got invalid value { email: "a@b", password: "hunter2-secret", extra: 1 }; Field "extra" is not defined by type "SignInInput".',
      'Field "extra" is not defined by type "SignInInput".',
      'Variable "$input" got an invalid value: Field "extra" is not defined by type "SignInInput".',
    ],
    [
      'Variable "$input" got invalid value 12345678 at "input.password"; String cannot represent a non string value: 12345678',
      'String cannot represent a non string value: 12345678',
      'Variable "$input" got an invalid value at "input.password": String cannot represent a non string value',
    ],
    [
      'Variable "$inputs" got invalid value "x; y at \"inputs" at "inputs[3].action"; String cannot represent a non string value: "x; y at \"inputs"',
      'String cannot represent a non string value: "x; y at \"inputs"',
      'Variable "$inputs" got an invalid value at "inputs[3].action": String cannot represent a non string value',
    ],
    ['Variable "$n" got invalid value 7; reason unknown', undefined, 'Variable "$n" got an invalid value'],
  ])('%s', (message, reason, expected) => {
    expect(withoutVariableValues(message, reason)).toBe(expected);
  });

  it('leaves other messages alone', () => {
    expect(withoutVariableValues('Cannot query field "x" on type "Query".', undefined)).toBe('Cannot query field "x" on type "Query".');
  });
});
