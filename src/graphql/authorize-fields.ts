// The one place the API authorizes itself: every root field's resolver is wrapped here, from the
// catalog (src/authorization/catalog.ts), to ask before it runs. A field the catalog does not
// know is refused (default deny); an open one runs with a credential alone. A denied field
// resolves to null with ACCESS_DENIED on its path, before anything is read or written.
import { isOpen, type CatalogEntry } from '../authorization/targets.ts';
import type { RequestContext } from '../context.ts';
import { GatehouseError } from '../errors.ts';
import { authorizeCall } from '../services/authorization/authorize-call.ts';
import type { AuthorizationSummary } from '../services/audit/audit-draft.ts';

type RootResolver = (parent: unknown, args: Record<string, unknown>, context: RequestContext, info: unknown) => unknown;

/** How a relationship field names the object it belongs to; absent for root fields. */
export type ParentArn = (parent: any, context: RequestContext) => string;

/**
 * `fields` with each resolver behind its catalog entry. Root fields (no `parentArn`): a field
 * the catalog lacks is refused. Relationship fields: only those in the catalog are checked.
 */
export function authorizeFields<T extends object>(catalog: Readonly<Record<string, CatalogEntry>>, fields: T, parentArn?: ParentArn): T {
  const wrapped: Record<string, RootResolver> = {};
  for (const [name, resolve] of Object.entries(fields) as Array<[string, RootResolver]>) {
    const entry = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
    if ((entry && isOpen(entry)) || (!entry && parentArn)) {
      wrapped[name] = resolve;
      continue;
    }
    wrapped[name] = async (parent, args, context, info) => {
      if (!entry) throw new GatehouseError('ACCESS_DENIED', `\`${name}\` is not in the authorization catalog: it is refused to everyone`, { action: null });
      await authorizeCall(context.accessEvaluator, requestOf(context, info as FieldInfo, reporterFor(context, info as FieldInfo, parentArn !== undefined)), entry, args, parentArn?.(parent, context));
      return resolve(parent, args, context, info);
    };
  }
  return wrapped as T;
}

type FieldInfo = { fieldName: string; parentType: { name: string }; path: { key: string | number } };

// How the audit trail learns of the decision: a root field's record takes it, by response key; a
// relationship field's denial is gathered into one record of that field (audit-recording.ts).
function reporterFor(context: RequestContext, info: FieldInfo, isRelationship: boolean): (authorization: AuthorizationSummary) => void {
  if (!isRelationship) return (authorization) => context.auditSlot.authorized(String(info.path.key), authorization);
  return (authorization) => {
    if (authorization.decision !== 'ALLOWED') context.auditSlot.deniedField(`${info.parentType.name}.${info.fieldName}`, authorization);
  };
}

const requestOf = (context: RequestContext, info: FieldInfo, report: (authorization: AuthorizationSummary) => void) => ({
  scope: context.scope,
  caller: context.caller,
  now: context.now,
  epoch: context.epoch,
  sourceIp: context.sourceIp,
  userAgent: context.userAgent,
  secureTransport: false,
  report,
  // the field as the decision log names it: `Mutation.createUser`, `User.groups`
  witness: context.decisions?.witness('AUTHORIZATION', `${info.parentType.name}.${info.fieldName}`),
});
