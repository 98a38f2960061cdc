// A reference reading of the effective-permissions clauses (PermissionClause in schema.graphql),
// as a client would apply them: ARN tests with the engine's Resource matching, conditions with
// the engine's operators on the keys the client knows (the resource's tags, the request's IP).
// The brute-force tests compare it with evaluateAccess.
import { compileArnPattern, splitArn } from '../../src/policy/arn-pattern.ts';
import { buildRequestContext, compilePolicy, evaluate, type ContextEntry } from '../../src/policy/index.ts';
import { parseTemplate, resolveTemplate } from '../../src/policy/policy-variables.ts';

export interface ClauseJson {
  arnTests: Array<{ patterns: string[]; negated: boolean }>;
  conditions: Array<{ operator: string; key: string; values: string[]; keyValues?: string[] | null }>;
}
export interface FilterJson { result: 'ALL' | 'NONE' | 'SOME'; include: ClauseJson[]; exclude: ClauseJson[] }
export type Entry = ContextEntry;

const SOMEONE = 'arn:aws:iam::000000000000:user/reader';

function patternMatches(pattern: string, resource: string, entries: Entry[]): boolean | null {
  const pieces = resolveTemplate(parseTemplate(pattern, true), buildRequestContext(entries));
  if (pieces === null) return null;
  return compileArnPattern(pieces, true).matches(resource, splitArn(resource));
}

function conditionHolds(c: ClauseJson['conditions'][number], known: Entry[]): boolean {
  const entries = c.keyValues == null ? known : [...known.filter((e) => e.key.toLowerCase() !== c.key.toLowerCase()), ...(c.keyValues.length ? [{ key: c.key, values: c.keyValues }] : [])];
  const policy = compilePolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { [c.operator]: { [c.key]: c.values } } }] },
    { id: 'condition', type: 'IDENTITY' },
  );
  const request = { principal: SOMEONE, action: 'x:Y', resource: '*', context: entries };
  return evaluate({ request, identityPolicies: [policy] }).decision === 'ALLOWED';
}

export function clauseHolds(clause: ClauseJson, resource: string, entries: Entry[]): boolean {
  for (const test of clause.arnTests) {
    const results = test.patterns.map((p) => patternMatches(p, resource, entries));
    // as in a statement: an unresolvable entry never matches, and voids a NotResource test
    if (test.negated && results.includes(null)) return false;
    if (results.includes(true) === !test.negated) continue;
    return false;
  }
  return clause.conditions.every((c) => conditionHolds(c, entries));
}

/** Whether a filter (or an action's include/exclude) lets this resource through with these keys. */
export function filterMatches(filter: FilterJson, resource: string, entries: Entry[]): boolean {
  if (filter.result === 'NONE') return false;
  return filter.include.some((c) => clauseHolds(c, resource, entries)) && !filter.exclude.some((c) => clauseHolds(c, resource, entries));
}
