// evaluateAccess: may this stored user or role do this action on this resource, now?
//
// Strong consistency at the cost of one shared round trip: every request reads the policy
// epoch (bumped by triggers in every write that affects evaluation) through a read that started
// after the request arrived, and uses a cached principal policy set only if it was loaded at
// that epoch. The read is the request's own (`DecisionPoint.epoch`): authentication makes it
// first, to check cached credentials, and evaluation reuses it. Concurrent requests share
// reads (SharedRead, in server.ts), so the database sees one cheap indexed query per wave of
// requests, not per request. Cold principals are loaded once and
// their policies compiled once per immutable version.
import { LRUCache } from 'lru-cache';
import { GatehouseError } from '../../errors.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { evaluate, type CompiledPolicy, type Decision } from '../../policy/index.ts';
import { compileInputPolicy, refuseMalformed, type LabelledFinding } from './compile-input-policy.ts';
import { itemError, type AccessOutcome } from './item-error.ts';
import { loadPrincipal } from './load-principal.ts';
import type { PolicySource } from './policy-source.ts';
import { checkRequestFields } from './request-limits.ts';
import { CompiledPolicyCache } from './policy-cache.ts';
import { preparePrincipal, principalRequest, type PreparedPrincipal } from './prepared-principal.ts';
import type { CallerContextEntry } from './principal-context.ts';
import type { DecisionWitness } from '../decisions/decision-entry.ts';

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

/** Where and when a request is decided: the caller's account, the clock, the request's epoch read. */
export interface DecisionPoint {
  readonly accountId: string;
  readonly now: Date;
  /** The policy epoch as read once by this request, after it arrived. */
  readonly epoch: () => Promise<bigint>;
  /** Told of every decision (not of a query's error), for the decision log; absent when it is off. */
  readonly witness?: DecisionWitness;
}

/** A query that passed its checks, with its resource policy compiled. */
interface CheckedQuery {
  query: AccessQuery;
  resourcePolicy: CompiledPolicy<PolicySource> | undefined;
}

export class AccessEvaluator {
  readonly #principals = new LRUCache<string, PreparedPrincipal>({ max: 10_000 });
  readonly #policies = new CompiledPolicyCache();

  /** The compiled policies, shared with the effective-permissions queries so both use the same. */
  get policies(): CompiledPolicyCache {
    return this.#policies;
  }

  constructor(
    private readonly prisma: PrismaClient,
    private readonly partition: string,
  ) {}

  /** Decides one query for a principal of `accountId`, as of a moment after this call; throws what is wrong with it. */
  async evaluateOne(at: DecisionPoint, query: AccessQuery, explain: boolean): Promise<AccessDecision> {
    const [outcome] = await this.#decide(at, [query], explain, () => '');
    if (outcome instanceof GatehouseError) throw outcome;
    return outcome!;
  }

  /**
   * Decides each query against one consistent state, as of a moment after this call. Each answer
   * is its decision or what is wrong with that query alone (a field out of bounds, a malformed
   * resource policy, a principal that does not exist), with fields named `inputs[3].action`.
   */
  async evaluateEach(at: DecisionPoint, queries: readonly AccessQuery[], explain: boolean): Promise<AccessOutcome[]> {
    if (queries.length > MAX_BATCH) throw new GatehouseError('LIMIT_EXCEEDED', `at most ${MAX_BATCH} requests per batch`);
    const prefix = (index: number) => `inputs[${index}].`;
    const outcomes = await this.#decide(at, queries, explain, prefix);
    return outcomes.map((outcome, index) =>
      outcome instanceof GatehouseError ? { decision: null, error: itemError(outcome, prefix(index)) } : { decision: outcome, error: null },
    );
  }

  /**
   * The API's own authorization (src/services/authorization): the same decisions as
   * evaluateAccess, for the calling principal, from its cached compiled policies. Each answer is
   * its decision, or the GatehouseError that stopped it (which the caller treats as a denial).
   */
  async authorize(at: DecisionPoint, queries: readonly AccessQuery[]): Promise<Array<AccessDecision | GatehouseError>> {
    return this.#decide(at, queries, false, () => '');
  }

  // Every answer is a decision or the GatehouseError of its own query; anything else (the
  // database failing) fails them all.
  async #decide(
    { accountId, now, epoch: readEpoch, witness }: DecisionPoint,
    queries: readonly AccessQuery[],
    explain: boolean,
    prefix: (index: number) => string,
  ): Promise<Array<AccessDecision | GatehouseError>> {
    const checked = queries.map((query, index) => attempt(() => checkQuery(query, prefix(index))));
    if (checked.every((item) => item instanceof GatehouseError)) return checked as GatehouseError[];
    const epoch = await readEpoch();
    const principals = new Map<string, PreparedPrincipal | GatehouseError>();
    for (const item of checked) {
      if (item instanceof GatehouseError || principals.has(item.query.principal)) continue;
      const arn = item.query.principal;
      principals.set(arn, await attemptAsync(() => this.#principal(accountId, arn, epoch)));
    }
    return checked.map((item) => {
      if (item instanceof GatehouseError) return item;
      const principal = principals.get(item.query.principal)!;
      if (principal instanceof GatehouseError) return principal;
      const decision = decideFor(principal, item, now, explain);
      witness?.(item.query, decision);
      return decision;
    });
  }

  /** The stored principal as evaluateAccess decides for it at the request's epoch; throws NO_SUCH_ENTITY. */
  async principalAt({ accountId, epoch }: DecisionPoint, arn: string): Promise<PreparedPrincipal> {
    return this.#principal(accountId, arn, await epoch());
  }

  async #principal(accountId: string, arn: string, epoch: bigint): Promise<PreparedPrincipal> {
    const key = `${accountId}|${arn}`;
    const cached = this.#principals.get(key);
    if (cached && cached.epoch === epoch) return cached;
    const record = await loadPrincipal(this.prisma, this.partition, accountId, arn);
    const prepared = preparePrincipal(record, epoch, this.#policies);
    this.#principals.set(key, prepared);
    return prepared;
  }
}

function checkQuery(query: AccessQuery, prefix: string): CheckedQuery {
  checkRequestFields(prefix, query);
  const problems: LabelledFinding[] = [];
  const resourcePolicy = query.resourcePolicy == null ? undefined : compileInputPolicy(`${prefix}resourcePolicy`, query.resourcePolicy, 'RESOURCE', problems);
  refuseMalformed(problems);
  return { query, resourcePolicy };
}

function decideFor(principal: PreparedPrincipal, { query, resourcePolicy }: CheckedQuery, now: Date, explain: boolean): AccessDecision {
  return evaluate({
    ...principalRequest(principal, query, now),
    identityPolicies: principal.identity,
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(principal.boundaries ? { permissionsBoundaries: principal.boundaries } : {}),
    explain,
  });
}

// What went wrong with one query: its GatehouseError, caught; anything else propagates.
function attempt<T>(work: () => T): T | GatehouseError {
  try {
    return work();
  } catch (error) {
    if (error instanceof GatehouseError) return error;
    throw error;
  }
}

async function attemptAsync<T>(work: () => Promise<T>): Promise<T | GatehouseError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GatehouseError) return error;
    throw error;
  }
}
