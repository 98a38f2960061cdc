// whoCan: every user and role of the account that evaluateAccess would allow the action on the
// resource with the given context, and (CONDITIONAL) those allowed only under conditions on
// keys the context leaves open; plus the groups whose own policies grant it. Candidates come
// from the account's statement index; each candidate is decided by evaluate(), exactly as
// evaluateAccess decides it, from one consistent snapshot at or after the request's epoch.
import {
  buildRequestContext, createPolicySet, evaluate, labelPolicy, layerRequestContexts, residualAccess,
  type ContextEntry, type PolicySet, type RequestContext,
} from '../../policy/index.ts';
import type { DecisionPoint } from '../access/access-evaluator.ts';
import type { CompiledPolicyCache } from '../access/policy-cache.ts';
import type { PolicySource } from '../access/policy-source.ts';
import { preparePrincipal, type PreparedPrincipal } from '../access/prepared-principal.ts';
import { fromCallerContext, PRINCIPAL_KEY, requestContextEntries, type CallerContextEntry } from '../access/principal-context.ts';
import { checkActionResource } from '../access/request-limits.ts';
import { openCursor, sealCursor, type CursorScope } from '../cursor.ts';
import type { AccountSnapshot, AccountSnapshots, SnapshotGroup, SnapshotPrincipal } from './account-snapshot.ts';
import { CandidateIndex } from './candidate-index.ts';
import { checkFirst, collectPage, pageDeadline } from './page-budget.ts';
import { toClause, toResidualModel, type GroupGrantModel, type PrincipalAccessModel, type WhoCanModel } from './permission-models.ts';

export interface WhoCanArgs {
  action: string;
  resource: string;
  context?: readonly CallerContextEntry[] | null;
  first?: number | null;
  after?: string | null;
}

// per snapshot: its index, its groups' policies, and its principals prepared as they are decided
interface SnapshotState {
  index: CandidateIndex;
  groups: SnapshotGroup[];
  groupIndex: CandidateIndex;
  groupPolicies: Map<number, PolicySet<PolicySource>>;
  prepared: Map<string, Candidate>;
}

// A principal as whoCan decides it, with its two context layers built once: the keys its ARN
// gives and its own keys, around the one layer each call shares (the caller's keys, the time).
interface Candidate {
  principal: PreparedPrincipal;
  arnKeys: RequestContext;
  ownKeys: RequestContext;
}

interface SharedContext {
  entries: ContextEntry[];
  context: RequestContext;
}

export class WhoCan {
  readonly #states = new WeakMap<AccountSnapshot, SnapshotState>();

  constructor(
    private readonly snapshots: AccountSnapshots,
    private readonly policies: CompiledPolicyCache,
    private readonly pageBudgetMs: number,
  ) {}

  async query(at: DecisionPoint, args: WhoCanArgs): Promise<WhoCanModel> {
    checkActionResource('', args);
    const first = checkFirst(args.first);
    const scope: CursorScope = { list: 'whoCan', filters: { action: args.action.toLowerCase(), resource: args.resource, context: args.context ?? [] } };
    const afterKey = args.after == null ? undefined : openCursor(scope, args.after);
    const snapshot = await this.snapshots.at(at.accountId, await at.epoch());
    const state = this.#state(snapshot);
    const candidates = state.index.candidates(args.action).map((position) => snapshot.principals[position]!);
    const from = afterKey === undefined ? 0 : candidates.findIndex((c) => c.key > afterKey);
    const rest = from < 0 ? [] : candidates.slice(from);
    const entries = requestContextEntries([], fromCallerContext(args.context), at.now);
    const shared = { entries, context: buildRequestContext(entries) };
    const page = collectPage(rest, first, (c) => this.#decide(state, snapshot, c, args, shared), pageDeadline(this.pageBudgetMs));
    const last = page.examined > 0 ? rest[page.examined - 1] : undefined;
    return {
      action: args.action,
      resource: args.resource,
      principals: page.items,
      groups: this.#groupGrants(state, args, at.now),
      pageInfo: {
        hasNextPage: page.more,
        hasPreviousPage: afterKey !== undefined,
        startCursor: rest[0] ? sealCursor(scope, rest[0].key) : null,
        endCursor: last ? sealCursor(scope, last.key) : (args.after ?? null),
      },
      complete: page.complete,
      examined: page.examined,
    };
  }

  #state(snapshot: AccountSnapshot): SnapshotState {
    let state = this.#states.get(snapshot);
    if (!state) {
      state = {
        index: new CandidateIndex(snapshot.principals.map((p) => p.record.identityDocuments), this.policies),
        groups: snapshot.groups,
        groupIndex: new CandidateIndex(snapshot.groups.map((g) => g.documents), this.policies),
        groupPolicies: new Map(),
        prepared: new Map(),
      };
      this.#states.set(snapshot, state);
    }
    return state;
  }

  #decide(state: SnapshotState, snapshot: AccountSnapshot, candidate: SnapshotPrincipal, args: WhoCanArgs, shared: SharedContext): PrincipalAccessModel | null {
    let known = state.prepared.get(candidate.key);
    if (!known) {
      const prepared = preparePrincipal(candidate.record, snapshot.epoch, this.policies);
      known = { principal: prepared, arnKeys: buildRequestContext([], prepared.parsed), ownKeys: buildRequestContext(prepared.context) };
      state.prepared.set(candidate.key, known);
    }
    const { principal } = known;
    // as principalRequest builds it: the ARN's keys, then the caller's and the time, then the principal's own
    const asked = {
      request: { principal: principal.record.arn, action: args.action, resource: args.resource, context: shared.entries },
      requestContext: layerRequestContexts([known.arnKeys, shared.context, known.ownKeys], principal.parsed),
    };
    const policies = { identityPolicies: principal.identity, ...(principal.boundaries ? { permissionsBoundaries: principal.boundaries } : {}) };
    const decision = evaluate({ ...asked, ...policies });
    const principalArn = principal.record.arn;
    const principalType = principal.record.kind === 'user' ? 'USER' : 'ROLE';
    if (decision.decision === 'ALLOWED') {
      return { principalArn, principalType, access: 'ALLOWED', matchedStatements: decision.matchedStatements, include: [], exclude: [] };
    }
    // only a condition on a key the context lacks can turn the answer
    if (decision.missingContextKeys.length === 0) return null;
    const entries = asked.requestContext.entries;
    const residual = residualAccess({ ...asked, ...policies, resourceOpen: false, isOpenKey: (key) => !entries.has(key) && !PRINCIPAL_KEY.test(key) });
    if (residual.kind === 'NONE') return null;
    const model = toResidualModel(residual);
    return { principalArn, principalType, access: 'CONDITIONAL', matchedStatements: model.include.flatMap((c) => c.statements), include: model.include, exclude: model.exclude };
  }

  // A group grants the action when its own policies allow it on the resource with the context;
  // conditions on keys the context lacks (its members' keys among them) are listed as open.
  // Only groups the index says hold an Allow statement for the action are looked at.
  #groupGrants(state: SnapshotState, args: WhoCanArgs, now: Date): GroupGrantModel[] {
    const entries = requestContextEntries([], fromCallerContext(args.context), now);
    // a group is no principal: only the context's own keys are known
    const requestContext = buildRequestContext(entries);
    const grants: GroupGrantModel[] = [];
    for (const position of state.groupIndex.candidates(args.action)) {
      const group = state.groups[position]!;
      let identityPolicies = state.groupPolicies.get(position);
      if (!identityPolicies) {
        identityPolicies = createPolicySet(group.documents.map((d) => labelPolicy(this.policies.get(d, 'IDENTITY'), d.source)));
        state.groupPolicies.set(position, identityPolicies);
      }
      const residual = residualAccess({
        request: { principal: group.ref.arn, action: args.action, resource: args.resource, context: entries },
        requestContext,
        identityPolicies,
        resourceOpen: false,
        isOpenKey: (key) => !requestContext.entries.has(key),
      });
      if (residual.kind !== 'NONE') grants.push({ groupName: group.ref.name, groupArn: group.ref.arn, include: residual.include.map(toClause) });
    }
    return grants;
  }
}
