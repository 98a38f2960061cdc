// The residual of a stored principal's policies for one action: the decision left over when the
// resource (and/or some condition keys) is open, combined as combine-decision does for a user or
// role in its own account without a resource policy: no explicit deny, an identity allow, and an
// allow of the boundary when there is one. The result is a predicate in disjunctive form: a
// resource passes when one `include` clause holds and no `exclude` clause does.
import type { CompiledPolicy } from './compile-policy.ts';
import type { CompiledStatement } from './compile-statement.ts';
import { PolicySet } from './policy-set.ts';
import { prepareRequest, type RequestContext } from './request-context.ts';
import { isAlways, residualStatement, type Clause, type PartialRequest } from './residual-statement.ts';
import type { AccessRequest } from './types.ts';

export type ResidualKind = 'ALL' | 'NONE' | 'SOME';

export interface ResidualInput {
  /** `resource` is not read when `resourceOpen` */
  request: AccessRequest;
  requestContext: RequestContext;
  identityPolicies: readonly CompiledPolicy[] | PolicySet;
  permissionsBoundaries?: readonly CompiledPolicy[];
  resourceOpen: boolean;
  isOpenKey: (key: string) => boolean;
}

export interface ResidualAccess {
  kind: ResidualKind;
  /** allows (each already joined with a boundary allow): at least one must hold */
  include: Clause[];
  /** explicit denies: none may hold */
  exclude: Clause[];
  /** deny statements that apply whatever is open: the reason for NONE when non-empty */
  deniedBy: CompiledStatement[];
}

/** Joining identity allows with boundary allows multiplies them; beyond this it is refused. */
export const MAX_RESIDUAL_CLAUSES = 10_000;

export class ResidualTooLargeError extends Error {}

/** The residual for a stored user or role; see the module comment. */
export function residualAccess(input: ResidualInput): ResidualAccess {
  const boundaries = input.permissionsBoundaries ?? [];
  const req = prepareRequest(input.request, input.requestContext, boundaries.length > 0);
  const partial: PartialRequest = { request: req, resourceOpen: input.resourceOpen, isOpenKey: input.isOpenKey };
  const scratch: string[] = [];
  const allows: Clause[] = [];
  const denies: Clause[] = [];
  const identity = input.identityPolicies instanceof PolicySet
    ? input.identityPolicies.candidates(req.action)
    : input.identityPolicies.flatMap((p) => p.statements);
  for (const s of identity) sort(residualStatement(s, partial, scratch), s, allows, denies);
  let boundaryAllows: Clause[] | null = null;
  if (boundaries.length > 0) {
    boundaryAllows = [];
    for (const policy of boundaries) for (const s of policy.statements) sort(residualStatement(s, partial, scratch), s, boundaryAllows, denies);
  }
  const deniedBy = denies.filter(isAlways).flatMap((c) => c.statements);
  if (deniedBy.length > 0) return { kind: 'NONE', include: [], exclude: [], deniedBy };
  let include = boundaryAllows ? join(allows, boundaryAllows) : allows;
  const always = include.filter(isAlways);
  // an unconditional allow makes every other allow redundant
  if (always.length > 0) include = always;
  if (include.length === 0) return { kind: 'NONE', include: [], exclude: [], deniedBy: [] };
  const kind = always.length > 0 && denies.length === 0 ? 'ALL' : 'SOME';
  return { kind, include, exclude: denies, deniedBy: [] };
}

function sort(clause: Clause | null, s: CompiledStatement, allows: Clause[], denies: Clause[]): void {
  if (clause) (s.effect === 'Deny' ? denies : allows).push(clause);
}

// (a1 or a2 ...) and (b1 or b2 ...), distributed; an unconditional boundary allow leaves the
// identity allows as they are.
function join(allows: Clause[], boundary: Clause[]): Clause[] {
  const open = boundary.find(isAlways);
  if (open) return allows.map((a) => ({ ...a, statements: [...a.statements, ...open.statements] }));
  if (allows.length * boundary.length > MAX_RESIDUAL_CLAUSES) {
    throw new ResidualTooLargeError(`${allows.length * boundary.length} clauses`);
  }
  return allows.flatMap((a) => boundary.map((b) => ({
    arnTests: [...a.arnTests, ...b.arnTests],
    conditions: [...a.conditions, ...b.conditions],
    statements: [...a.statements, ...b.statements],
  })));
}
