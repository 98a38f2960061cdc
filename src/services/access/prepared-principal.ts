// A stored principal ready to be decided for: its policies compiled (once per version, through
// the shared cache) and indexed, its boundary, its global condition keys. evaluateAccess and the
// effective-permissions queries build it the same way, so that they cannot disagree.
import {
  buildRequestContext, createPolicySet, labelPolicy, parsePrincipal,
  type AccessRequest, type CompiledPolicy, type ContextEntry, type PolicySet, type RequestContext, type RequestPrincipal,
} from '../../policy/index.ts';
import type { PrincipalRecord } from './load-principal.ts';
import type { CompiledPolicyCache } from './policy-cache.ts';
import type { PolicySource } from './policy-source.ts';
import { fromCallerContext, principalContext, requestContextEntries, type CallerContextEntry } from './principal-context.ts';

export interface PreparedPrincipal {
  epoch: bigint;
  record: PrincipalRecord;
  parsed: RequestPrincipal;
  identity: PolicySet<PolicySource>;
  boundaries: CompiledPolicy<PolicySource>[] | undefined;
  context: ContextEntry[];
}

export function preparePrincipal(record: PrincipalRecord, epoch: bigint, policies: CompiledPolicyCache): PreparedPrincipal {
  return {
    epoch,
    record,
    parsed: parsePrincipal(record.arn),
    identity: createPolicySet(record.identityDocuments.map((document) => labelPolicy(policies.get(document, 'IDENTITY'), document.source))),
    boundaries: record.boundaryDocument
      ? [labelPolicy(policies.get(record.boundaryDocument, 'PERMISSIONS_BOUNDARY'), record.boundaryDocument.source)]
      : undefined,
    context: principalContext(record),
  };
}

export interface PrincipalRequest {
  request: AccessRequest;
  requestContext: RequestContext;
}

type RequestFieldsOf = { action: string; resource: string; resourceAccount?: string | null; context?: readonly CallerContextEntry[] | null };

/** The request evaluateAccess decides: the caller's keys, the time, then the principal's own keys on top. */
export function principalRequest(principal: PreparedPrincipal, fields: RequestFieldsOf, now: Date): PrincipalRequest {
  return principalRequestWith(principal, fields, requestContextEntries([], fromCallerContext(fields.context), now));
}

/**
 * The same, for many principals and one request: `shared` is requestContextEntries([], the
 * caller's context, now), computed once; the principal's keys go on top of it.
 */
export function principalRequestWith(principal: PreparedPrincipal, fields: RequestFieldsOf, shared: readonly ContextEntry[]): PrincipalRequest {
  const entries = [...shared, ...principal.context];
  return {
    request: {
      principal: principal.record.arn,
      action: fields.action,
      resource: fields.resource,
      ...(fields.resourceAccount ? { resourceAccount: fields.resourceAccount } : {}),
      context: entries,
    },
    requestContext: buildRequestContext(entries, principal.parsed),
  };
}
