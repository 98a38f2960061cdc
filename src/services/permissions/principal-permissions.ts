// principalPermissions: for a stored user or role, every catalog action (filtered by service,
// access level, action pattern) with its effective result, and per service AWS's policy-summary
// view (Full, or Limited with the access levels). Each action is the residual of the principal's
// policies with the resource open (or the filter's resource) and every key it does not know
// open: ALLOWED on all resources or on ARN patterns, CONDITIONAL with the conditions that
// remain, DENIED explicitly, or NOT_GRANTED. Paged over (service, action) with a cursor.
import { badInput } from '../../errors.ts';
import { compileWildcardText } from '../../policy/index.ts';
import type { AccessEvaluator, DecisionPoint } from '../access/access-evaluator.ts';
import { principalRequest, type PreparedPrincipal } from '../access/prepared-principal.ts';
import { PRINCIPAL_KEY } from '../access/principal-context.ts';
import { checkArn, MAX_ACTION_LENGTH } from '../access/request-limits.ts';
import type { AccessLevel, CatalogAction, ServiceCatalog } from '../catalog/catalog.ts';
import { openCursor, sealCursor, type CursorScope } from '../cursor.ts';
import { residualOrLimit } from './access-filter.ts';
import { checkFirst, pageDeadline, type Expired } from './page-budget.ts';
import { classify, toResidualModel, type ActionPermissionModel, type PrincipalPermissionsModel, type ServiceSummaryModel, type SummaryAccess } from './permission-models.ts';

export interface PermissionsFilter {
  servicePrefix?: string | null;
  accessLevel?: AccessLevel | null;
  action?: string | null;
  resource?: string | null;
}

export interface PrincipalPermissionsArgs {
  principal: string;
  filter?: PermissionsFilter | null;
  first?: number | null;
  after?: string | null;
}

const MAX_PREFIX_LENGTH = 64;
const ACTION_FILTER = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+$|^\*$/;

export async function principalPermissions(
  evaluator: AccessEvaluator, catalog: ServiceCatalog, at: DecisionPoint, args: PrincipalPermissionsArgs, pageBudgetMs: number,
): Promise<PrincipalPermissionsModel> {
  const filter = args.filter ?? {};
  checkArn('principal', args.principal);
  checkFilter(filter);
  const first = checkFirst(args.first);
  const scope: CursorScope = { list: 'principalPermissions', filters: { principal: args.principal, ...filter } };
  const after = args.after == null ? undefined : openCursor(scope, args.after);
  const principal = await evaluator.principalAt(at, args.principal);
  const decide = actionDecider(principal, filter.resource ?? null, at.now);
  const actionPattern = filter.action ? compileWildcardText(filter.action.toLowerCase(), true) : null;
  const wanted = (a: CatalogAction) =>
    (!filter.accessLevel || a.accessLevel === filter.accessLevel) && (!actionPattern || actionPattern.matches(`${a.service}:${a.name}`.toLowerCase()));
  const expired: Expired = pageDeadline(pageBudgetMs);
  const [afterService, afterAction] = after === undefined ? [undefined, undefined] : splitKey(after);
  const services = (await catalog.services(at.accountId))
    .filter((s) => !filter.servicePrefix || s.prefix === filter.servicePrefix.toLowerCase())
    .filter((s) => afterService === undefined || s.prefix >= afterService)
    .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const page: ActionPermissionModel[] = [];
  const summaries: ServiceSummaryModel[] = [];
  let complete = true;
  let more = false;
  let lastKey: string | undefined;
  for (const [position, service] of services.entries()) {
    const actions = ((await catalog.actionsOf(at.accountId, service.prefix)) ?? []).filter(wanted);
    if (actions.length === 0) continue;
    const start = service.prefix === afterService ? resumeAt(actions, afterAction ?? '') : 0;
    const decided = new Map<CatalogAction, ActionPermissionModel>();
    let i = start;
    for (; i < actions.length && page.length < first; i++) {
      if (page.length > 0 && expired()) {
        complete = false;
        break;
      }
      const action = actions[i]!;
      const permission = decide(action);
      decided.set(action, permission);
      page.push(permission);
      lastKey = `${service.prefix}:${action.name}`;
    }
    if (i > start) summaries.push(summarize(service.prefix, service.name, actions.map((a) => decided.get(a) ?? decide(a))));
    if (!complete || i < actions.length) {
      more = true;
      break;
    }
    if (page.length >= first) {
      more = position < services.length - 1;
      break;
    }
  }
  return {
    principal: principal.record.arn,
    actions: page,
    services: summaries,
    pageInfo: {
      hasNextPage: more,
      hasPreviousPage: after !== undefined,
      startCursor: page[0] ? sealCursor(scope, `${page[0].servicePrefix}:${nameOf(page[0].action)}`) : null,
      endCursor: lastKey ? sealCursor(scope, lastKey) : (args.after ?? null),
    },
    complete,
  };
}

function checkFilter(filter: PermissionsFilter): void {
  if (filter.servicePrefix != null && (filter.servicePrefix.length === 0 || filter.servicePrefix.length > MAX_PREFIX_LENGTH)) {
    throw badInput('filter.servicePrefix', `must be 1 to ${MAX_PREFIX_LENGTH} characters`);
  }
  if (filter.action != null && (filter.action.length > MAX_ACTION_LENGTH || !ACTION_FILTER.test(filter.action))) {
    throw badInput('filter.action', 'must be an action such as `s3:GetObject`, `*` and `?` allowed, at most 128 characters');
  }
  if (filter.resource != null && filter.resource !== '*') checkArn('filter.resource', filter.resource);
}

/** Decides one catalog action for the principal: the residual and its classification. */
function actionDecider(principal: PreparedPrincipal, resource: string | null, now: Date): (action: CatalogAction) => ActionPermissionModel {
  const base = principalRequest(principal, { action: '', resource: resource ?? '*', context: [] }, now);
  const known = base.requestContext.entries;
  const policies = { identityPolicies: principal.identity, ...(principal.boundaries ? { permissionsBoundaries: principal.boundaries } : {}) };
  return (action) => {
    const name = `${action.service}:${action.name}`;
    const residual = residualOrLimit({
      ...base,
      request: { ...base.request, action: name },
      ...policies,
      resourceOpen: resource === null,
      isOpenKey: (key) => !known.has(key) && !PRINCIPAL_KEY.test(key),
    });
    return { servicePrefix: action.service, action: name, accessLevel: action.accessLevel, access: classify(residual), ...toResidualModel(residual) };
  };
}

function summarize(servicePrefix: string, serviceName: string, actions: ActionPermissionModel[]): ServiceSummaryModel {
  const levels = new Map<AccessLevel, { granted: number; total: number }>();
  for (const a of actions) {
    const level = levels.get(a.accessLevel) ?? { granted: 0, total: 0 };
    level.total++;
    if (a.access === 'ALLOWED' || a.access === 'CONDITIONAL') level.granted++;
    levels.set(a.accessLevel, level);
  }
  const granted = [...levels.values()].reduce((sum, l) => sum + l.granted, 0);
  return {
    servicePrefix,
    serviceName,
    access: summaryAccess(granted, actions.length),
    accessLevels: [...levels.entries()].map(([accessLevel, l]) => ({ accessLevel, access: summaryAccess(l.granted, l.total), grantedActions: l.granted, totalActions: l.total })),
  };
}

const summaryAccess = (granted: number, total: number): SummaryAccess => (granted === 0 ? 'NONE' : granted === total ? 'FULL' : 'LIMITED');

function splitKey(key: string): [string, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
}

const nameOf = (action: string) => action.slice(action.indexOf(':') + 1);

// Right after the action the cursor names; if it left the catalog, after where it would be.
function resumeAt(actions: readonly CatalogAction[], name: string): number {
  const at = actions.findIndex((a) => a.name === name);
  if (at >= 0) return at + 1;
  const next = actions.findIndex((a) => a.name > name);
  return next < 0 ? actions.length : next;
}
