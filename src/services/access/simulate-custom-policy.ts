// simulateCustomPolicy: evaluates documents the caller supplies, storing nothing (AWS's
// SimulateCustomPolicy). Every malformed document is reported at once. A role ARN as the
// principal is evaluated as the role's session, as evaluateAccess does (see parsePrincipal).
import { badInput } from '../../errors.ts';
import { evaluate, sessionIssuerFits, type CompiledPolicy, type EvaluationPolicyType } from '../../policy/index.ts';
import type { AccessDecision } from './access-evaluator.ts';
import { compileInputPolicy, refuseMalformed, type LabelledFinding } from './compile-input-policy.ts';
import type { PolicySource } from './policy-source.ts';
import { fromCallerContext } from './principal-context.ts';
import { checkRequestFields, type RequestFields } from './request-limits.ts';

export interface SimulationInput {
  identityPolicies: readonly unknown[];
  resourcePolicy?: unknown;
  permissionsBoundaries?: readonly unknown[] | null;
  serviceControlPolicies?: readonly unknown[] | null;
  sessionPolicies?: readonly unknown[] | null;
  request: RequestFields;
}

export function simulateCustomPolicy(input: SimulationInput, explain: boolean): AccessDecision {
  if ((input.permissionsBoundaries?.length ?? 0) > 1) throw badInput('permissionsBoundaries', 'takes at most one policy');
  checkRequestFields('request.', input.request);
  const issuer = input.request.sessionIssuer;
  if (issuer != null && !sessionIssuerFits(input.request.principal, issuer)) {
    throw badInput('request.sessionIssuer', `\`${issuer}\` is not the role or the federating user of \`${input.request.principal}\``);
  }
  const problems: LabelledFinding[] = [];
  const compileAll = (field: string, documents: readonly unknown[] | null | undefined, type: EvaluationPolicyType) =>
    documents?.map((document, index) => compileInputPolicy(`${field}[${index}]`, document, type, problems));
  const identity = compileAll('identityPolicies', input.identityPolicies, 'IDENTITY');
  const boundaries = compileAll('permissionsBoundaries', input.permissionsBoundaries, 'PERMISSIONS_BOUNDARY');
  const scps = compileAll('serviceControlPolicies', input.serviceControlPolicies, 'SERVICE_CONTROL');
  const sessions = compileAll('sessionPolicies', input.sessionPolicies, 'SESSION');
  const resource = input.resourcePolicy == null ? undefined : compileInputPolicy('resourcePolicy', input.resourcePolicy, 'RESOURCE', problems);
  refuseMalformed(problems);
  // refuseMalformed threw if any failed to compile
  const compiled = (list: Array<CompiledPolicy<PolicySource> | undefined> | undefined) => list as CompiledPolicy<PolicySource>[] | undefined;
  const { request } = input;
  return evaluate({
    request: {
      principal: request.principal,
      action: request.action,
      resource: request.resource,
      ...(request.resourceAccount ? { resourceAccount: request.resourceAccount } : {}),
      ...(issuer != null ? { sessionIssuer: issuer } : {}),
      context: fromCallerContext(request.context),
    },
    identityPolicies: compiled(identity) ?? [],
    ...(resource ? { resourcePolicy: resource } : {}),
    ...(boundaries ? { permissionsBoundaries: compiled(boundaries) } : {}),
    ...(scps ? { serviceControlPolicies: compiled(scps) } : {}),
    ...(sessions ? { sessionPolicies: compiled(sessions) } : {}),
    explain,
  });
}
