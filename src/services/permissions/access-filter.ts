// accessFilter: the principal's policies for one action, with the resource left open, as a
// predicate a list endpoint can apply to its rows: ALL, NONE, or SOME resources, those matching
// an `include` clause and no `exclude` clause. Conditions on the resource's own keys
// (aws:ResourceTag/..., aws:ResourceAccount, ...) stay in the clauses; every other key is decided
// now from the context, as evaluateAccess decides it (missing keys included).
import { badInput, limitExceeded } from '../../errors.ts';
import { residualAccess, ResidualTooLargeError, MAX_RESIDUAL_CLAUSES, type ResidualAccess, type ResidualInput } from '../../policy/index.ts';
import type { AccessEvaluator, DecisionPoint } from '../access/access-evaluator.ts';
import { principalRequest } from '../access/prepared-principal.ts';
import type { CallerContextEntry } from '../access/principal-context.ts';
import { checkActionResource, checkArn } from '../access/request-limits.ts';
import { toResidualModel, type AccessFilterModel } from './permission-models.ts';

export interface AccessFilterArgs {
  principal: string;
  action: string;
  context?: readonly CallerContextEntry[] | null;
}

/** Keys that describe the resource: open in an access filter, never taken from the context. */
export const isResourceKey = (key: string): boolean => key.toLowerCase().startsWith('aws:resource');

export async function accessFilter(evaluator: AccessEvaluator, at: DecisionPoint, args: AccessFilterArgs): Promise<AccessFilterModel> {
  checkArn('principal', args.principal);
  checkActionResource('', { ...args, resource: null });
  const given = (args.context ?? []).findIndex((entry) => isResourceKey(entry.key));
  if (given >= 0) {
    throw badInput(`context[${given}].key`, `\`${args.context![given]!.key}\` describes the resource: accessFilter leaves the resource's keys open`);
  }
  const principal = await evaluator.principalAt(at, args.principal);
  const residual = residualOrLimit({
    ...principalRequest(principal, { action: args.action, resource: '*', context: args.context }, at.now),
    identityPolicies: principal.identity,
    ...(principal.boundaries ? { permissionsBoundaries: principal.boundaries } : {}),
    resourceOpen: true,
    isOpenKey: isResourceKey,
  });
  return { principal: principal.record.arn, action: args.action, ...toResidualModel(residual) };
}

/** residualAccess, with a residual too large to answer as LIMIT_EXCEEDED. */
export function residualOrLimit(input: ResidualInput): ResidualAccess {
  try {
    return residualAccess(input);
  } catch (error) {
    if (error instanceof ResidualTooLargeError) {
      throw limitExceeded(`\`${input.request.action}\`: the policies' allows joined with the boundary's make more than ${MAX_RESIDUAL_CLAUSES} clauses`);
    }
    throw error;
  }
}
