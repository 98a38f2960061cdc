// evaluateAccess: may this stored user or role do this action on this resource, now?
//
// Strong consistency at the cost of one shared round trip: every request reads the policy
// epoch (bumped by triggers in every write that affects evaluation) through a read that started
// after the request arrived, and uses a cached principal policy set only if it was loaded at
// that epoch. Concurrent requests share the read (SharedRead), so the database sees one cheap
// indexed query per wave of requests, not per request. Cold principals are loaded once and
// their policies compiled once per immutable version.
import { LRUCache } from 'lru-cache';
import { GatehouseError } from '../../errors.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import {
  buildRequestContext,
  createPolicySet,
  evaluate,
  labelPolicy,
  parsePrincipal,
  type CompiledPolicy,
  type ContextEntry,
  type Decision,
  type PolicySet,
  type RequestPrincipal,
} from '../../policy/index.ts';
import { compileInputPolicy, refuseMalformed, type LabelledFinding } from './compile-input-policy.ts';
import { loadPrincipal, type PrincipalRecord } from './load-principal.ts';
import type { PolicySource } from './policy-source.ts';
import { checkRequestFields } from './request-limits.ts';
import { CompiledPolicyCache } from './policy-cache.ts';
import { fromCallerContext, principalContext, requestContextEntries, type CallerContextEntry } from './principal-context.ts';
import { SharedRead } from './shared-read.ts';

export const MAX_BATCH = 1000;

/** A decision whose statements say how their policies reached the request. */
export type AccessDecision = Decision<PolicySource>;

export interface AccessQuery {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string | null;
  resourcePolicy?: unknown;
  context?: readonly CallerContextEntry[] | null;
}

interface PreparedPrincipal {
  epoch: bigint;
  record: PrincipalRecord;
  parsed: RequestPrincipal;
  identity: PolicySet<PolicySource>;
  boundaries: CompiledPolicy<PolicySource>[] | undefined;
  context: ContextEntry[];
}

export class AccessEvaluator {
  readonly #epoch: SharedRead<bigint>;
  readonly #principals = new LRUCache<string, PreparedPrincipal>({ max: 10_000 });
  readonly #policies = new CompiledPolicyCache();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly partition: string,
    epochReader: { read(): Promise<bigint> },
  ) {
    this.#epoch = new SharedRead(() => epochReader.read());
  }

  /**
   * Decides each query for principals of `accountId`, as of a moment after this call. `batch`
   * says how errors name fields: `inputs[3].action` for a batch, `action` for a single input.
   */
  async evaluate(accountId: string, queries: readonly AccessQuery[], now: Date, explain: boolean, batch = false): Promise<AccessDecision[]> {
    if (queries.length > MAX_BATCH) throw new GatehouseError('LIMIT_EXCEEDED', `at most ${MAX_BATCH} requests per batch`);
    const prefix = (index: number) => (batch ? `inputs[${index}].` : '');
    queries.forEach((query, index) => checkRequestFields(prefix(index), query));
    const problems: LabelledFinding[] = [];
    const resourcePolicies = queries.map((query, index) =>
      query.resourcePolicy == null ? undefined : compileInputPolicy(`${prefix(index)}resourcePolicy`, query.resourcePolicy, 'RESOURCE', problems),
    );
    refuseMalformed(problems);
    const epoch = await this.#epoch.next();
    const principals = new Map<string, PreparedPrincipal>();
    for (const arn of new Set(queries.map((query) => query.principal))) principals.set(arn, await this.#principal(accountId, arn, epoch));
    return queries.map((query, index) => {
      const principal = principals.get(query.principal)!;
      const entries = requestContextEntries(principal.context, fromCallerContext(query.context), now);
      return evaluate({
        request: {
          principal: principal.record.arn,
          action: query.action,
          resource: query.resource,
          ...(query.resourceAccount ? { resourceAccount: query.resourceAccount } : {}),
          context: entries,
        },
        requestContext: buildRequestContext(entries, principal.parsed),
        identityPolicies: principal.identity,
        ...(resourcePolicies[index] ? { resourcePolicy: resourcePolicies[index] } : {}),
        ...(principal.boundaries ? { permissionsBoundaries: principal.boundaries } : {}),
        explain,
      });
    });
  }

  async #principal(accountId: string, arn: string, epoch: bigint): Promise<PreparedPrincipal> {
    const key = `${accountId}|${arn}`;
    const cached = this.#principals.get(key);
    if (cached && cached.epoch === epoch) return cached;
    const record = await loadPrincipal(this.prisma, this.partition, accountId, arn);
    const prepared: PreparedPrincipal = {
      epoch,
      record,
      parsed: parsePrincipal(record.arn),
      identity: createPolicySet(record.identityDocuments.map((document) => labelPolicy(this.#policies.get(document, 'IDENTITY'), document.source))),
      boundaries: record.boundaryDocument
        ? [labelPolicy(this.#policies.get(record.boundaryDocument, 'PERMISSIONS_BOUNDARY'), record.boundaryDocument.source)]
        : undefined,
      context: principalContext(record),
    };
    this.#principals.set(key, prepared);
    return prepared;
  }
}
