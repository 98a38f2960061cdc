// Grammar of one statement: which elements it may and must have, and the
// shape of Effect, Sid, Action and Resource values.
import { quote, report, type StatementScope } from './finding.ts';
import { stringList, type JsonObject } from './parse-document.ts';
import { parseTemplate, staticPieces } from './policy-variables.ts';
import type { ValidationPolicyType } from './types.ts';
import { validateCondition } from './validate-condition.ts';
import { validatePrincipal } from './validate-principal.ts';

const STATEMENT_ELEMENTS = new Set([
  'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition',
]);
const SID = /^[A-Za-z0-9]*$/;
const ACTION = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;

export function validateStatement(statement: JsonObject, policyType: ValidationPolicyType, scope: StatementScope): void {
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_ELEMENTS.has(key)) report(scope, 'ERROR', 'INVALID_POLICY_ELEMENT', [key], `unknown statement element ${quote(key)}`);
  }
  validateSid(statement['Sid'], policyType, scope);
  validateEffect(statement, scope);
  validatePair(statement, 'Action', 'NotAction', true, scope, validateAction);
  const resourceAllowed = policyType !== 'TRUST_POLICY';
  if (resourceAllowed) {
    validatePair(statement, 'Resource', 'NotResource', true, scope, validateResource);
  } else {
    for (const key of ['Resource', 'NotResource']) {
      if (key in statement) report(scope, 'ERROR', 'UNSUPPORTED_ELEMENT', [key], `\`${key}\`: not allowed in a trust policy`);
    }
  }
  validatePrincipalElements(statement, policyType, scope);
  if ('Condition' in statement) validateCondition(statement['Condition'], scope);
}

function validateSid(sid: unknown, policyType: ValidationPolicyType, scope: StatementScope): void {
  if (sid === undefined) return;
  if (typeof sid !== 'string') {
    report(scope, 'ERROR', 'DATA_TYPE_MISMATCH', ['Sid'], '`Sid`: must be a string');
  } else if (!SID.test(sid)) {
    // IAM rejects such Sids; S3, SNS and other resource policies accept them
    const grade = policyType === 'RESOURCE_POLICY' ? 'WARNING' : 'ERROR';
    report(scope, grade, 'INVALID_SID', ['Sid'], `\`Sid\`: ${quote(sid)} may contain only letters and digits`);
  }
}

function validateEffect(statement: JsonObject, scope: StatementScope): void {
  const effect = statement['Effect'];
  if (effect === undefined) report(scope, 'ERROR', 'MISSING_EFFECT', [], 'missing `Effect`');
  else if (effect !== 'Allow' && effect !== 'Deny') {
    report(scope, 'ERROR', 'INVALID_EFFECT', ['Effect'], `\`Effect\`: must be \`Allow\` or \`Deny\`, not ${quote(effect)}`);
  }
}

type EntryCheck = (entry: string, path: Array<string | number>, key: string, scope: StatementScope) => void;

/** Exactly one of `key`/`notKey`; each a string or an array of strings. */
function validatePair(statement: JsonObject, key: string, notKey: string, required: boolean, scope: StatementScope, check: EntryCheck): void {
  const has = key in statement;
  const hasNot = notKey in statement;
  if (has && hasNot) {
    report(scope, 'ERROR', 'CONFLICTING_ELEMENTS', [notKey], `\`${key}\` and \`${notKey}\` cannot both be present`);
  } else if (!has && !hasNot && required) {
    report(scope, 'ERROR', `MISSING_${key.toUpperCase()}`, [], `missing \`${key}\` or \`${notKey}\``);
  }
  for (const name of [key, notKey]) {
    if (!(name in statement)) continue;
    const value = statement[name];
    const list = stringList(value);
    if (!list) {
      report(scope, 'ERROR', 'DATA_TYPE_MISMATCH', [name], `\`${name}\`: must be a string or an array of strings`);
      continue;
    }
    if (list.length === 0) report(scope, 'SUGGESTION', 'EMPTY_ARRAY', [name], `\`${name}\`: empty array matches nothing`);
    list.forEach((entry, i) => check(entry, Array.isArray(value) ? [name, i] : [name], name, scope));
  }
}

const validateAction: EntryCheck = (entry, path, key, scope) => {
  if (entry === '*' || ACTION.test(entry)) return;
  report(scope, 'ERROR', 'INVALID_ACTION', path, `\`${key}\`: ${quote(entry)} is not of the form \`service:Action\``);
};

const validateResource: EntryCheck = (entry, path, key, scope) => {
  if (entry === '*') return;
  const template = parseTemplate(entry, scope.variablesEnabled);
  // variables may hold colons (`${aws:username}`), so check the text around them
  const text = staticPieces(template).map((p) => p.text || 'x').join('');
  const parts = text.split(':');
  const valid = parts.length >= 6 && parts[0] === 'arn' && parts[1] !== '' && parts[2] !== '' && parts.slice(5).join(':') !== '';
  if (!valid) {
    report(scope, 'ERROR', 'INVALID_ARN_RESOURCE', path,
      `\`${key}\`: ${quote(entry)} is not \`*\` or an ARN \`arn:partition:service:region:account:resource\``);
  }
  if (!scope.variablesEnabled && entry.includes('${')) {
    report(scope, 'WARNING', 'POLICY_VARIABLE_WITHOUT_VERSION', path,
      `\`${key}\`: ${quote(entry)} uses a policy variable, which needs \`Version\` \`2012-10-17\``);
  }
};

function validatePrincipalElements(statement: JsonObject, policyType: ValidationPolicyType, scope: StatementScope): void {
  const has = 'Principal' in statement;
  const hasNot = 'NotPrincipal' in statement;
  const needsPrincipal = policyType === 'RESOURCE_POLICY' || policyType === 'TRUST_POLICY';
  if (!needsPrincipal) {
    for (const key of ['Principal', 'NotPrincipal']) {
      if (key in statement) report(scope, 'ERROR', 'UNSUPPORTED_PRINCIPAL', [key], `\`${key}\`: not allowed in this policy type`);
    }
    return;
  }
  if (has && hasNot) report(scope, 'ERROR', 'CONFLICTING_ELEMENTS', ['NotPrincipal'], '`Principal` and `NotPrincipal` cannot both be present');
  else if (!has && !hasNot) report(scope, 'ERROR', 'MISSING_PRINCIPAL', [], 'missing `Principal` or `NotPrincipal`');
  if (has) validatePrincipal(statement['Principal'], 'Principal', scope);
  if (!hasNot) return;
  validatePrincipal(statement['NotPrincipal'], 'NotPrincipal', scope);
  if (policyType === 'TRUST_POLICY') {
    report(scope, 'ERROR', 'UNSUPPORTED_ELEMENT', ['NotPrincipal'], '`NotPrincipal`: not allowed in a trust policy');
  } else if (statement['Effect'] === 'Allow') {
    report(scope, 'ERROR', 'NOT_PRINCIPAL_WITH_ALLOW', ['NotPrincipal'], '`NotPrincipal`: only supported with `Effect` `Deny`');
  }
}
