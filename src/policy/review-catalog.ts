// Checks against the service catalog, as Access Analyzer makes them: actions a known service
// lacks (ERROR), unknown services, wildcards that match nothing, resources that fit none of the
// actions' resource types, condition keys the actions do not support, and operators that do not
// fit a key's type (WARNINGs). Only validatePolicy runs these: a stored document keeps working
// whatever the catalog says, so the write path never sees them.
import { arnPatternsMeet, keyMatches, type CatalogActionFacts, type CatalogFacts, type CatalogKeyFacts } from './catalog-facts.ts';
import { quote, report, type StatementScope } from './finding.ts';
import { parseOperatorName } from './operators/registry.ts';
import { isObject, stringList, type JsonObject } from './parse-document.ts';
import type { ContextKeyType } from './types.ts';
import { compileWildcardText } from './wildcard-pattern.ts';

/** DP steps of ARN pattern matching one document may spend (a few ms); beyond, no resource findings. */
export const RESOURCE_REVIEW_BUDGET = 4_000_000;
const SHOWN_TYPES = 5;

interface Resolved {
  /** the actions every entry of `Action` matched; undefined when one of them is beyond the catalog */
  readonly actions: CatalogActionFacts[] | undefined;
  readonly names: string[];
}

/** Reviews one statement; `budget` is shared by the document's statements. */
export function reviewCatalog(statement: JsonObject, scope: StatementScope, facts: CatalogFacts, budget: { steps: number }): void {
  const resolved = resolveEntries(statement, 'Action', scope, facts);
  resolveEntries(statement, 'NotAction', scope, facts);
  if (!resolved.actions || resolved.actions.length === 0) return;
  reviewResources(statement, resolved, scope, budget);
  reviewConditions(statement, resolved, scope, facts);
}

/** The catalog actions of `Action` (or `NotAction`), reporting the entries the catalog lacks. */
function resolveEntries(statement: JsonObject, key: 'Action' | 'NotAction', scope: StatementScope, facts: CatalogFacts): Resolved {
  const raw = statement[key];
  const entries = stringList(raw) ?? [];
  const found: CatalogActionFacts[] = [];
  const names: string[] = [];
  let complete = stringList(raw) !== undefined;
  entries.forEach((entry, i) => {
    const path = Array.isArray(raw) ? [key, i] : [key];
    const colon = entry.indexOf(':');
    const prefix = entry.slice(0, colon).toLowerCase();
    const name = entry.slice(colon + 1);
    if (colon <= 0 || /[*?]/.test(prefix)) {
      complete = false;
      return;
    }
    const service = facts.services.get(prefix);
    if (!service) {
      complete = false;
      report(scope, 'WARNING', 'INVALID_SERVICE_IN_ACTION', path, `\`${key}\`: ${quote(entry)}: the catalog has no service \`${prefix}\``);
      return;
    }
    const wild = /[*?]/.test(name);
    const pattern = compileWildcardText(name.toLowerCase(), true);
    const matched = service.actions.filter((action) => (wild ? pattern.matches(action.name.toLowerCase()) : action.name.toLowerCase() === name.toLowerCase()));
    if (matched.length === 0) {
      if (wild) report(scope, 'WARNING', 'UNMATCHED_ACTION_WILDCARD', path, `\`${key}\`: ${quote(entry)} matches no action of service \`${prefix}\``);
      else report(scope, 'ERROR', 'INVALID_ACTION', path, `\`${key}\`: ${quote(entry)}: service \`${prefix}\` has no action ${quote(name)}`);
    }
    found.push(...matched);
    names.push(...matched.map((action) => `${prefix}:${action.name}`));
  });
  return { actions: complete ? found : undefined, names };
}

function reviewResources(statement: JsonObject, resolved: Resolved, scope: StatementScope, budget: { steps: number }): void {
  const raw = statement['Resource'];
  const resources = stringList(raw);
  if (!resources) return;
  const formats = [...new Set(resolved.actions!.flatMap((action) => action.arnFormats))];
  const types = [...new Set(resolved.actions!.flatMap((action) => action.resourceTypes))];
  resources.forEach((resource, i) => {
    if (resource === '*' || budget.steps < 0) return;
    if (formats.some((format) => arnPatternsMeet(format, resource, budget))) return;
    const what = resolved.names.length === 1 ? quote(resolved.names[0]) : `the ${resolved.names.length} actions of \`Action\``;
    const expected = types.length === 0 ? 'they support only `*`' : `resource types: ${types.slice(0, SHOWN_TYPES).map((t) => `\`${t}\``).join(', ')}${types.length > SHOWN_TYPES ? ', ...' : ''}`;
    report(scope, 'WARNING', 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', Array.isArray(raw) ? ['Resource', i] : ['Resource'],
      `\`Resource\`: ${quote(resource)} matches no resource of ${what} (${resolved.names.length === 1 ? expected.replace('they support', 'it supports') : expected})`);
  });
}

function reviewConditions(statement: JsonObject, resolved: Resolved, scope: StatementScope, facts: CatalogFacts): void {
  const condition = statement['Condition'];
  if (!isObject(condition)) return;
  const supported = [...new Set(resolved.actions!.flatMap((action) => action.conditionKeys))];
  for (const [operatorName, block] of Object.entries(condition)) {
    const operator = parseOperatorName(operatorName);
    if (!operator || !isObject(block)) continue;
    for (const key of Object.keys(block)) {
      const path = ['Condition', operatorName, key];
      const global = facts.globalKeys.find((k) => keyMatches(k.name, key));
      const isGlobal = global !== undefined || key.toLowerCase().startsWith('aws:');
      if (!isGlobal && !supported.some((name) => keyMatches(name, key))) {
        const what = resolved.names.length === 1 ? quote(resolved.names[0]) : `any of the ${resolved.names.length} actions of \`Action\``;
        report(scope, 'WARNING', 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY', path, `\`Condition\`: ${quote(key)} is not a condition key of ${what}`);
        continue;
      }
      const type = (global ?? serviceKey(facts, key))?.type;
      const family = operatorFamily(operator.base);
      if (type && family && !FITS[family].includes(scalarType(type))) {
        report(scope, 'WARNING', 'TYPE_MISMATCH', path,
          `\`Condition\`: ${quote(operatorName)} does not fit ${quote(key)}, whose values are ${TYPE_WORDS[scalarType(type)]}: use ${USE[scalarType(type)]}`);
      }
    }
  }
}

function serviceKey(facts: CatalogFacts, key: string): CatalogKeyFacts | undefined {
  const prefix = key.slice(0, key.indexOf(':')).toLowerCase();
  return facts.services.get(prefix)?.conditionKeys.find((k) => keyMatches(k.name, key));
}

type Family = 'String' | 'Arn' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip';
type Scalar = 'STRING' | 'NUMERIC' | 'BOOLEAN' | 'IP' | 'DATE' | 'BINARY';

const FITS: Readonly<Record<Family, readonly Scalar[]>> = {
  String: ['STRING'], Arn: ['STRING'], Numeric: ['NUMERIC'], Date: ['DATE'], Bool: ['BOOLEAN'], Binary: ['BINARY'], Ip: ['IP'],
};
const TYPE_WORDS: Readonly<Record<Scalar, string>> = {
  STRING: 'strings', NUMERIC: 'numbers', BOOLEAN: 'booleans', IP: 'IP addresses', DATE: 'dates', BINARY: 'binary values',
};
const USE: Readonly<Record<Scalar, string>> = {
  STRING: 'a `String` or `Arn` operator', NUMERIC: 'a `Numeric` operator', BOOLEAN: '`Bool`', IP: '`IpAddress` or `NotIpAddress`',
  DATE: 'a `Date` operator', BINARY: '`BinaryEquals`',
};

const scalarType = (type: ContextKeyType): Scalar => type.replace(/_LIST$/, '') as Scalar;

/** Null tests presence, so it fits every key. */
function operatorFamily(base: string): Family | undefined {
  if (base.startsWith('String')) return 'String';
  if (base.startsWith('Arn')) return 'Arn';
  if (base.startsWith('Numeric')) return 'Numeric';
  if (base.startsWith('Date')) return 'Date';
  if (base === 'Bool') return 'Bool';
  if (base.startsWith('Binary')) return 'Binary';
  if (base === 'IpAddress' || base === 'NotIpAddress') return 'Ip';
  return undefined;
}
