// Policy grammar checks graded like IAM Access Analyzer. Returns every finding
// at once so a user can fix a long policy in one pass; never throws.
import { FindingList, quote } from './finding.ts';
import { isObject, parseDocument, stringList, type JsonObject } from './parse-document.ts';
import { catalogPrefixes, type CatalogFacts } from './catalog-facts.ts';
import { RESOURCE_REVIEW_BUDGET, reviewCatalog } from './review-catalog.ts';
import { reviewStatements } from './review-statements.ts';
import type { Finding, ValidationPolicyType } from './types.ts';
import { validateStatement } from './validate-statement.ts';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
export const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/**
 * Validates a policy document (JSON text or parsed value) for the given policy type; with
 * `catalog`, also against the services it names (validatePolicy's answer, never the write path).
 */
export function validatePolicy(document: unknown, policyType: ValidationPolicyType, catalog?: CatalogFacts): Finding[] {
  const findings = new FindingList();
  const policy = parseDocument(document, findings);
  if (policy) validateDocument(policy, policyType, findings, catalog);
  return findings.items;
}

/** The service prefixes (lowercase) a document's actions and condition keys name: what validatePolicy needs catalog facts for. */
export function catalogPrefixesOf(document: unknown): string[] {
  const policy = parseDocument(document, new FindingList());
  if (!policy) return [];
  const { actions, conditionKeys } = namesInDocument(policy);
  return catalogPrefixes(actions, conditionKeys);
}

function namesInDocument(policy: JsonObject): { actions: string[]; conditionKeys: string[] } {
  const actions: string[] = [];
  const conditionKeys: string[] = [];
  for (const { value } of listStatements(policy)) {
    if (!isObject(value)) continue;
    for (const key of ['Action', 'NotAction']) actions.push(...(stringList(value[key]) ?? []));
    const condition = value['Condition'];
    if (!isObject(condition)) continue;
    for (const block of Object.values(condition)) if (isObject(block)) conditionKeys.push(...Object.keys(block));
  }
  return { actions, conditionKeys };
}

/** The statements of a policy as [object, path] pairs, whichever form `Statement` takes. */
export function listStatements(policy: JsonObject): Array<{ value: unknown; path: Array<string | number> }> {
  const statement = policy['Statement'];
  if (Array.isArray(statement)) return statement.map((value, i) => ({ value, path: ['Statement', i] }));
  return statement === undefined ? [] : [{ value: statement, path: ['Statement'] }];
}

export function validateDocument(policy: JsonObject, policyType: ValidationPolicyType, findings: FindingList, catalog?: CatalogFacts): void {
  for (const key of Object.keys(policy)) {
    if (!TOP_LEVEL.has(key)) findings.add('ERROR', 'INVALID_POLICY_ELEMENT', [key], `unknown policy element ${quote(key)}`);
  }
  const version = policy['Version'];
  if (version === undefined) {
    findings.add('WARNING', 'MISSING_VERSION', [], 'missing `Version`: policy variables are read as literal text; use `2012-10-17`');
  } else if (typeof version !== 'string' || !VERSIONS.has(version)) {
    findings.add('ERROR', 'INVALID_VERSION', ['Version'], `\`Version\`: unsupported version ${quote(version)}; use \`2012-10-17\``);
  }
  const id = policy['Id'];
  if (id !== undefined && typeof id !== 'string') {
    findings.add('ERROR', 'DATA_TYPE_MISMATCH', ['Id'], '`Id`: must be a string');
  }
  validateStatements(policy, policyType, findings, version === '2012-10-17', catalog);
}

function validateStatements(policy: JsonObject, policyType: ValidationPolicyType, findings: FindingList, variablesEnabled: boolean, catalog?: CatalogFacts): void {
  const statement = policy['Statement'];
  if (statement === undefined) {
    findings.add('ERROR', 'MISSING_STATEMENT', [], 'missing `Statement`');
    return;
  }
  if (!Array.isArray(statement) && !isObject(statement)) {
    findings.add('ERROR', 'DATA_TYPE_MISMATCH', ['Statement'], '`Statement`: must be an object or an array of objects');
    return;
  }
  if (Array.isArray(statement) && statement.length === 0) {
    findings.add('ERROR', 'MISSING_STATEMENT', ['Statement'], '`Statement`: must contain at least one statement');
    return;
  }
  const statements = listStatements(policy);
  const sids = new Map<string, number>();
  const budget = { steps: RESOURCE_REVIEW_BUDGET };
  statements.forEach(({ value, path }, index) => {
    const scope = { index, path, findings, variablesEnabled };
    if (!isObject(value)) {
      findings.add('ERROR', 'DATA_TYPE_MISMATCH', path, 'must be an object', index);
      return;
    }
    validateStatement(value, policyType, scope);
    if (catalog) reviewCatalog(value, scope, catalog, budget);
    const sid = value['Sid'];
    if (typeof sid === 'string' && sid !== '') {
      const first = sids.get(sid);
      if (first === undefined) sids.set(sid, index);
      else findings.add('ERROR', 'DUPLICATE_SID', [...path, 'Sid'], `\`Sid\`: ${quote(sid)} is already used by statement ${first}`, index);
    }
  });
  reviewStatements(statements, policyType, findings);
}
