// Matching validation findings (the ValidationFinding shape, in validatePolicy and in
// `extensions.findings`) by issue code and the path written as keys and indexes.
import { expect } from 'vitest';

/** `['Statement', 0, 'Action']` as a finding location's path of AWS path elements. */
export function pathOf(...steps: Array<string | number>): Array<{ index: number | null; value: string | null }> {
  return steps.map((step) => (typeof step === 'number' ? { index: step, value: null } : { index: null, value: step }));
}

/** A matcher for a finding with this code and type at this path. */
export function findingAt(issueCode: string, path: Array<string | number>, findingType = 'ERROR') {
  return expect.objectContaining({ findingType, issueCode, locations: [expect.objectContaining({ path: pathOf(...path) })] });
}
