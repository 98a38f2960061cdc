// Shape of Principal/NotPrincipal: `*` or a map of principal types to
// identifiers. IAM allows no partial wildcards in principals.
import { quote, report, type StatementScope } from './finding.ts';
import { isObject, stringList } from './parse-document.ts';

const AWS_PRINCIPAL = /^(\*|\d{12}|arn:[a-z-]+:(iam|sts)::\d{12}:[^*?]+)$/;
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export function validatePrincipal(value: unknown, key: string, scope: StatementScope): void {
  if (value === '*') return;
  if (!isObject(value)) {
    report(scope, 'ERROR', 'INVALID_PRINCIPAL', [key], `\`${key}\`: must be \`*\` or an object such as \`{"AWS": "..."}\``);
    return;
  }
  if (Object.keys(value).length === 0) {
    report(scope, 'ERROR', 'INVALID_PRINCIPAL', [key], `\`${key}\`: names no principal`);
  }
  for (const [type, ids] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) {
      report(scope, 'ERROR', 'INVALID_PRINCIPAL', [key, type], `\`${key}\`: unknown principal type ${quote(type)}`);
      continue;
    }
    const list = stringList(ids);
    if (!list) {
      report(scope, 'ERROR', 'DATA_TYPE_MISMATCH', [key, type], `\`${key}\`: ${quote(type)} must be a string or an array of strings`);
      continue;
    }
    if (list.length === 0) report(scope, 'SUGGESTION', 'EMPTY_ARRAY', [key, type], `\`${key}\`: empty array matches nothing`);
    list.forEach((id, i) => {
      const path = Array.isArray(ids) ? [key, type, i] : [key, type];
      if (!validIdentifier(type, id)) {
        report(scope, 'ERROR', 'INVALID_PRINCIPAL', path, `\`${key}\`: ${quote(id)} is not a valid ${type} principal`);
      }
    });
  }
}

function validIdentifier(type: string, id: string): boolean {
  if (type === 'AWS') return AWS_PRINCIPAL.test(id);
  return id === '*' || (id.length > 0 && !/[*?]/.test(id));
}
