// myPermissions: which of these actions the caller may perform on this resource, so a UI shows
// only the buttons that will work. An IAM user is decided exactly as evaluateAccess decides it,
// with the keys its credential brings (aws:MultiFactorAuthPresent, ...). The account root may do
// everything in its own account (AWS: the root user is not governed by IAM policies there;
// myPermissions knows no resource policies, so every resource is taken to be the account's own).
import { credentialContextKeys, type Caller } from '../../auth/caller.ts';
import { badInput, GatehouseError } from '../../errors.ts';
import type { AccessEvaluator, DecisionPoint } from '../access/access-evaluator.ts';
import { checkAction, checkArn } from '../access/request-limits.ts';
import type { MyPermissionModel } from './permission-models.ts';

export const MAX_MY_PERMISSIONS_ACTIONS = 100;

export async function myPermissions(
  evaluator: AccessEvaluator, at: DecisionPoint, caller: Caller, resource: string, actions: readonly string[],
): Promise<MyPermissionModel[]> {
  if (actions.length > MAX_MY_PERMISSIONS_ACTIONS) throw badInput('actions', `at most ${MAX_MY_PERMISSIONS_ACTIONS} actions`);
  if (resource !== '*') checkArn('resource', resource);
  actions.forEach((action, index) => checkAction(`actions[${index}]`, action));
  if (caller.type === 'Root') return actions.map((action) => ({ action, allowed: true, decision: 'ALLOWED' }));
  const context = credentialContextKeys(caller, at.now);
  const outcomes = await evaluator.evaluateEach(at, actions.map((action) => ({ principal: caller.arn, action, resource, context })), false);
  return outcomes.map((outcome, index) => {
    if (outcome.error) throw new GatehouseError(outcome.error.code, outcome.error.message, { field: `actions[${index}]` });
    return { action: actions[index]!, allowed: outcome.decision.decision === 'ALLOWED', decision: outcome.decision.decision };
  });
}
