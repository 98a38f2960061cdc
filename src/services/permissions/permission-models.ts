// What the effective-permissions queries answer, as plain data: residual clauses with the
// statements responsible (labelled with how their policies reached the principal), and the
// classification of one action's residual.
import type { ArnTest, Clause, CompiledStatement, OpenCondition, ResidualAccess, ResidualKind } from '../../policy/index.ts';
import type { PolicySource } from '../access/policy-source.ts';
import type { AccessLevel } from '../catalog/catalog.ts';
import type { MatchedStatementModel } from '../models.ts';

export type EffectiveAccess = 'ALLOWED' | 'CONDITIONAL' | 'DENIED' | 'NOT_GRANTED';

export interface PermissionClauseModel {
  arnTests: readonly ArnTest[];
  conditions: readonly OpenCondition[];
  statements: MatchedStatementModel[];
}

export interface ResidualModel {
  result: ResidualKind;
  include: PermissionClauseModel[];
  exclude: PermissionClauseModel[];
  deniedBy: MatchedStatementModel[];
}

export interface AccessFilterModel extends ResidualModel {
  principal: string;
  action: string;
}

export interface ActionPermissionModel extends ResidualModel {
  servicePrefix: string;
  action: string;
  accessLevel: AccessLevel;
  access: EffectiveAccess;
}

export type SummaryAccess = 'FULL' | 'LIMITED' | 'NONE';

export interface ServiceSummaryModel {
  servicePrefix: string;
  serviceName: string;
  access: SummaryAccess;
  accessLevels: Array<{ accessLevel: AccessLevel; access: SummaryAccess; grantedActions: number; totalActions: number }>;
}

export interface PageInfoModel {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface PrincipalPermissionsModel {
  principal: string;
  actions: ActionPermissionModel[];
  services: ServiceSummaryModel[];
  pageInfo: PageInfoModel;
  complete: boolean;
}

export interface PrincipalAccessModel {
  principalArn: string;
  principalType: 'USER' | 'ROLE';
  access: 'ALLOWED' | 'CONDITIONAL';
  /** ALLOWED: the statements evaluateAccess gives; CONDITIONAL: those of the open clauses */
  matchedStatements: MatchedStatementModel[];
  include: PermissionClauseModel[];
  exclude: PermissionClauseModel[];
}

export interface GroupGrantModel {
  groupName: string;
  groupArn: string;
  include: PermissionClauseModel[];
}

export interface WhoCanModel {
  action: string;
  resource: string;
  principals: PrincipalAccessModel[];
  groups: GroupGrantModel[];
  pageInfo: PageInfoModel;
  complete: boolean;
  /** principals decided for this page (candidates from the index, not every principal) */
  examined: number;
}

export interface MyPermissionModel {
  action: string;
  allowed: boolean;
  decision: 'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY';
}

export function toMatched(s: CompiledStatement): MatchedStatementModel {
  const matched: MatchedStatementModel = { policyId: s.policyId, policyType: s.policyType, sid: s.sid, statementIndex: s.index, effect: s.effect };
  if (s.label !== undefined) matched.label = s.label as PolicySource;
  return matched;
}

export function toClause(c: Clause): PermissionClauseModel {
  return { arnTests: c.arnTests, conditions: c.conditions, statements: c.statements.map(toMatched) };
}

export function toResidualModel(r: ResidualAccess): ResidualModel {
  return { result: r.kind, include: r.include.map(toClause), exclude: r.exclude.map(toClause), deniedBy: r.deniedBy.map(toMatched) };
}

/** ALLOWED (everywhere, or on ARN patterns), CONDITIONAL (open conditions remain), DENIED or NOT_GRANTED. */
export function classify(r: ResidualAccess): EffectiveAccess {
  if (r.kind === 'NONE') return r.deniedBy.length > 0 ? 'DENIED' : 'NOT_GRANTED';
  if (r.kind === 'ALL') return 'ALLOWED';
  const conditional = [...r.include, ...r.exclude].some((c) => c.conditions.length > 0);
  return conditional ? 'CONDITIONAL' : 'ALLOWED';
}
