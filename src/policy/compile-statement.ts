// One validated statement compiled into matchers: actions lowercased into
// wildcard patterns (and index keys), resources into ARN patterns or
// templates, principals into sets, conditions into a flat list.
import { compileArnPattern, type ArnPattern } from './arn-pattern.ts';
import { compileConditions, type CompiledCondition } from './compile-condition.ts';
import { stringList, type JsonObject } from './parse-document.ts';
import { parseTemplate, staticPieces, type Template } from './policy-variables.ts';
import { compilePrincipal, type PrincipalMatcher } from './principal-match.ts';
import type { EvaluationPolicyType } from './types.ts';
import { compileWildcardText, type WildcardPattern } from './wildcard-pattern.ts';

export interface CompiledAction {
  /** the literal service prefix, or null when the service part has wildcards */
  readonly service: string | null;
  /** lowercased action name after the colon (`*` for a bare `*`) */
  readonly name: string;
  readonly pattern: WildcardPattern;
}

export interface CompiledResource {
  readonly source: string;
  /** null when the entry holds policy variables and is built per request */
  readonly pattern: ArnPattern | null;
  readonly template: Template;
  /** patterns built from resolved templates (see statement-match) */
  readonly memo: Map<string, ArnPattern>;
}

export interface CompiledStatement {
  readonly policyId: string;
  readonly policyType: EvaluationPolicyType;
  readonly index: number;
  readonly sid: string | null;
  readonly effect: 'Allow' | 'Deny';
  readonly notAction: boolean;
  readonly actions: readonly CompiledAction[];
  readonly notResource: boolean;
  /** null when the statement has no Resource (trust policies): matches any resource */
  readonly resources: readonly CompiledResource[] | null;
  readonly principal: PrincipalMatcher | null;
  readonly conditions: readonly CompiledCondition[];
  /** the label of the policy it belongs to (see labelPolicy); absent when the policy has none */
  readonly label?: unknown;
}

interface StatementOwner { readonly id: string; readonly type: EvaluationPolicyType; readonly variablesEnabled: boolean }

export function compileStatement(statement: JsonObject, index: number, owner: StatementOwner): CompiledStatement {
  const sid = statement['Sid'];
  const notAction = 'NotAction' in statement;
  const notResource = 'NotResource' in statement;
  const resourceList = stringList(statement[notResource ? 'NotResource' : 'Resource']);
  const principalKey = 'NotPrincipal' in statement ? 'NotPrincipal' : 'Principal';
  return {
    policyId: owner.id,
    policyType: owner.type,
    index,
    sid: typeof sid === 'string' && sid !== '' ? sid : null,
    effect: statement['Effect'] === 'Deny' ? 'Deny' : 'Allow',
    notAction,
    actions: (stringList(statement[notAction ? 'NotAction' : 'Action']) ?? []).map(compileAction),
    notResource,
    resources: resourceList ? resourceList.map((r) => compileResource(r, owner.variablesEnabled)) : null,
    principal: principalKey in statement ? compilePrincipal(statement[principalKey], principalKey === 'NotPrincipal') : null,
    conditions: compileConditions(statement['Condition'], owner.variablesEnabled),
  };
}

function compileAction(text: string): CompiledAction {
  const lower = text.toLowerCase();
  const colon = lower.indexOf(':');
  const service = colon < 0 ? '*' : lower.slice(0, colon);
  return {
    service: /[*?]/.test(service) ? null : service,
    name: colon < 0 ? '*' : lower.slice(colon + 1),
    pattern: compileWildcardText(lower, true),
  };
}

function compileResource(source: string, variablesEnabled: boolean): CompiledResource {
  const template = parseTemplate(source, variablesEnabled);
  const pattern = template.hasVariables ? null : compileArnPattern(staticPieces(template), true);
  return { source, pattern, template, memo: new Map() };
}
