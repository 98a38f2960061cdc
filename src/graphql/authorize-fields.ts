// The one place the API authorizes itself: every root field's resolver is wrapped here, from the
// catalog (src/authorization/catalog.ts), to ask before it runs. A field the catalog does not
// know is refused (default deny); an open one runs with a credential alone. A denied field
// resolves to null with ACCESS_DENIED on its path, before anything is read or written.
import type { GraphQLResolveInfo } from 'graphql';
import { isOpen, type CatalogEntry } from '../authorization/targets.ts';
import type { RequestContext } from '../context.ts';
import { GatehouseError } from '../errors.ts';
import { authorizeCall } from '../services/authorization/authorize-call.ts';

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
      await authorizeCall(context.accessEvaluator, requestOf(context, info as GraphQLResolveInfo), entry, args, parentArn?.(parent, context));
      return resolve(parent, args, context, info);
    };
  }
  return wrapped as T;
}

const requestOf = (context: RequestContext, info: GraphQLResolveInfo) => ({
  scope: context.scope,
  caller: context.caller,
  now: context.now,
  epoch: context.epoch,
  sourceIp: context.sourceIp,
  userAgent: context.userAgent,
  secureTransport: false,
  // the field as the decision log names it: `Mutation.createUser`, `User.groups`
  witness: context.decisions?.witness('AUTHORIZATION', `${info.parentType.name}.${info.fieldName}`),
});
