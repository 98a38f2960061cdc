// The API authorizes itself: a root field's checks (src/authorization/catalog.ts) decided by the
// same evaluator as evaluateAccess, for the calling principal, with the request context the
// server knows. The root user may do anything in its own account; nobody acts on another
// account's entities; only the management account creates accounts.
import { credentialContextKeys, type Caller } from '../../auth/caller.ts';
import type { Check, Guarded } from '../../authorization/targets.ts';
import { accountRootArn, isArn } from '../../domain/arn.ts';
import { GatehouseError } from '../../errors.ts';
import type { AccessDecision, AccessEvaluator, AccessQuery, DecisionPoint } from '../access/access-evaluator.ts';
import type { AuthorizationSummary } from '../audit/audit-draft.ts';
import type { CallerContextEntry } from '../access/principal-context.ts';
import type { DecisionWitness } from '../decisions/decision-entry.ts';
import { MAX_CONTEXT_VALUE_LENGTH } from '../access/request-limits.ts';
import type { Scope } from '../scope.ts';
import { managementAccountId } from './management-account.ts';
import { resolveResources } from './resolve-resources.ts';
import { resourceTagKeys, usesResourceTags } from './resource-tags.ts';

/** What the server knows of the request, for the keys conditions see. */
export interface CallRequest {
  readonly scope: Scope;
  readonly caller: Caller;
  readonly now: Date;
  readonly epoch: () => Promise<bigint>;
  readonly sourceIp: string;
  readonly userAgent: string | null | undefined;
  /** Whether the request came over TLS (the server speaks plain HTTP: false). */
  readonly secureTransport: boolean;
  /** Told how the call was decided, allowed or denied, for its audit record. */
  readonly report?: (authorization: AuthorizationSummary) => void;
  /** Told of each decision for the decision log; absent when it is off. Root's calls are not decided by policies: nothing to tell. */
  readonly witness?: DecisionWitness;
}

/** Throws ACCESS_DENIED unless the caller may make every check of `entry` with these arguments. */
export async function authorizeCall(evaluator: AccessEvaluator, request: CallRequest, entry: Guarded, args: Record<string, unknown>, parentArn?: string): Promise<void> {
  const { scope, caller } = request;
  const callerArn = caller.type === 'Root' ? accountRootArn(scope.partition, scope.accountId) : caller.arn;
  const site = { partition: scope.partition, accountId: scope.accountId, callerArn, ...(parentArn ? { parentArn } : {}) };
  const checks = entry.checks(args, site);
  const report = request.report ?? (() => {});
  const refuse = (check: Check, summary: Omit<AuthorizationSummary, 'eventName'>) => {
    report({ eventName: eventNameOfAction(check.action), ...summary });
    return denied(caller, check);
  };
  if (entry.managementOnly && (await managementAccountId(scope.prisma)) !== scope.accountId) {
    throw refuse(checks[0]!, { resources: [], decision: 'IMPLICIT_DENY', decidingStatement: { reason: 'only the management account may do this' } });
  }
  // A name is always of the caller's account: only ARNs can point elsewhere, so root reads nothing.
  for (const check of checks) {
    if ('arn' in check.resource && !sameAccount(check.resource.arn, scope.accountId)) {
      throw refuse(check, { resources: [check.resource.arn], decision: 'IMPLICIT_DENY', decidingStatement: { reason: "another account's entity" } });
    }
  }
  if (caller.type === 'Root') {
    report({ eventName: eventNameOfAction(checks[0]!.action), resources: [], decision: 'ALLOWED', decidingStatement: { reason: 'the root user of the account' } });
    return;
  }
  const at = { accountId: scope.accountId, now: request.now, epoch: request.epoch };
  const resources = await resolveResources(scope, caller, checks);
  const tags = (await callerUsesResourceTags(evaluator, at, caller)) ? await resourceTagKeys(scope, resources) : undefined;
  const network = networkKeys(request);
  const queries: AccessQuery[] = checks.map((check, index) => ({
    principal: caller.arn,
    action: check.action,
    resource: asResource(resources[index]!),
    context: [...network, ...(check.keys ?? []).map((key) => ({ ...key, values: [...key.values] })), ...(tags?.get(resources[index]!) ?? [])],
  }));
  const decisions = await evaluator.authorize({ ...at, witness: request.witness }, queries);
  decisions.forEach((decision, index) => {
    if (decision instanceof GatehouseError) {
      throw refuse(checks[index]!, { resources: [resources[index]!], decision: 'IMPLICIT_DENY', decidingStatement: { reason: decision.message } });
    }
    if (decision.decision !== 'ALLOWED') {
      throw refuse(checks[index]!, { resources: [resources[index]!], decision: decision.decision, decidingStatement: decidingStatements(decision) });
    }
  });
  report({ eventName: eventNameOfAction(checks[0]!.action), resources, decision: 'ALLOWED', decidingStatement: decisions.flatMap((d) => decidingStatements(d as AccessDecision)).slice(0, MAX_STATEMENTS) });
}

const MAX_STATEMENTS = 5;

// CloudTrail's eventName: the action without its service (`iam:CreateUser` is CreateUser).
const eventNameOfAction = (action: string) => action.slice(action.indexOf(':') + 1);

/** The statements that decided: the denying ones of an explicit deny, the allowing ones of an allow, none of an implicit deny. */
function decidingStatements(decision: AccessDecision): unknown[] {
  if (decision.decision === 'IMPLICIT_DENY') return [];
  const effect = decision.decision === 'ALLOWED' ? 'Allow' : 'Deny';
  return decision.matchedStatements
    .filter((statement) => statement.effect === effect)
    .slice(0, MAX_STATEMENTS)
    .map((statement) => ({
      policy: statement.label?.policyArn ?? statement.label?.policyName ?? statement.policyId,
      sourcePolicyType: statement.label?.sourcePolicyType ?? null,
      ...(statement.label?.groupName ? { groupName: statement.label.groupName } : {}),
      sid: statement.sid,
      statementIndex: statement.statementIndex,
      effect: statement.effect,
    }));
}

// The caller's principal is cached (the evaluator loads it anyway): a warm call reads nothing here.
// A principal that cannot be loaded is denied by the evaluator below.
function callerUsesResourceTags(evaluator: AccessEvaluator, at: DecisionPoint, caller: Caller): Promise<boolean> {
  return evaluator.principalAt(at, caller.arn).then(
    (principal) => usesResourceTags(principal.record),
    () => false,
  );
}

// `*`, an ARN of this account, or one of no account (AWS managed policies, `arn:aws:s3:::b`).
// What is not an ARN names no account (nor does an account part that is not 12 digits): the
// field refuses it (BAD_USER_INPUT) for root, and the evaluator for everyone else.
function sameAccount(resource: string, accountId: string): boolean {
  if (resource === '*' || !isArn(resource)) return true;
  const account = resource.split(':')[4]!;
  return account === accountId || !/^\d{12}$/.test(account);
}

// What is not an ARN (a malformed argument) is asked as `*`: only a caller allowed the action on
// every resource reaches the field, which then refuses the argument (BAD_USER_INPUT), as root does.
const asResource = (resource: string) => (isArn(resource) ? resource : '*');

function networkKeys(request: CallRequest): CallerContextEntry[] {
  const keys: CallerContextEntry[] = [{ key: 'aws:SecureTransport', values: [String(request.secureTransport)], type: 'BOOLEAN' }];
  const ip = request.sourceIp.startsWith('::ffff:') ? request.sourceIp.slice(7) : request.sourceIp;
  if (ip !== 'unknown') keys.push({ key: 'aws:SourceIp', values: [ip], type: 'IP' });
  if (request.userAgent) keys.push({ key: 'aws:UserAgent', values: [request.userAgent.slice(0, MAX_CONTEXT_VALUE_LENGTH)] });
  return [...keys, ...credentialContextKeys(request.caller, request.now)];
}

// The message names the action, never the resource: an ARN resolved from a name would tell
// whether the entity exists, and where.
function denied(caller: Caller, check: Check): GatehouseError {
  return new GatehouseError('ACCESS_DENIED', `\`${caller.arn}\` is not authorized to perform \`${check.action}\``, { action: check.action });
}
