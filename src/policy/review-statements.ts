// Checks beyond grammar: statements that grant too much (security warnings)
// and statements that add nothing (suggestions).
import type { FindingList } from './finding.ts';
import { isObject, stringList, type JsonObject } from './parse-document.ts';
import type { ValidationPolicyType } from './types.ts';
import { compileWildcardText } from './wildcard-pattern.ts';

type Listed = { value: unknown; path: Array<string | number> };

export function reviewStatements(statements: readonly Listed[], policyType: ValidationPolicyType, findings: FindingList): void {
  const seen = new Map<string, number>();
  statements.forEach(({ value, path }, index) => {
    if (!isObject(value)) return;
    reviewGrants(value, path, index, policyType, findings);
    const key = canonical({ ...value, Sid: undefined });
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else findings.add('SUGGESTION', 'REDUNDANT_STATEMENT', path, `repeats statement ${first}`, index);
  });
}

function reviewGrants(statement: JsonObject, path: Array<string | number>, index: number, policyType: ValidationPolicyType, findings: FindingList): void {
  if (statement['Effect'] !== 'Allow') return;
  const allResources = stringList(statement['Resource'])?.includes('*') ?? policyType === 'TRUST_POLICY';
  const actions = stringList(statement['Action']) ?? [];
  const unconditioned = statement['Condition'] === undefined;
  if ('NotAction' in statement && allResources) {
    findings.add('SECURITY_WARNING', 'ALLOW_WITH_NOT_ACTION', [...path, 'NotAction'],
      '`NotAction` with `Allow` on every resource grants every other action, including future ones', index);
  }
  if (actions.some((a) => a === '*' || a === '*:*') && allResources) {
    findings.add('SECURITY_WARNING', 'FULL_ACCESS', [...path, 'Action'], 'allows every action on every resource', index);
  } else if (allResources && actions.some((a) => compileWildcardText(a.toLowerCase(), true).matches('iam:passrole'))) {
    findings.add('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', [...path, 'Resource'],
      '`iam:PassRole` on every resource lets the holder hand any role to a service', index);
  }
  const hasPrincipals = policyType === 'RESOURCE_POLICY' || policyType === 'TRUST_POLICY';
  if (hasPrincipals && isPublic(statement['Principal']) && unconditioned) {
    findings.add('SECURITY_WARNING', 'PUBLIC_ACCESS', [...path, 'Principal'],
      'allows any principal (`*`) without a `Condition`', index);
  }
}

function isPublic(principal: unknown): boolean {
  if (principal === '*') return true;
  return isObject(principal) && (stringList(principal['AWS'])?.includes('*') ?? false);
}

// Key order does not make two statements different.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
