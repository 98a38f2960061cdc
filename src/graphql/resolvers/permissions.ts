// Effective permissions: principalPermissions, whoCan, accessFilter, myPermissions. Each decides
// at the request's one epoch read (ctx.epoch), as evaluateAccess does.
import type { RequestContext } from '../../context.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import type { DecisionPoint } from '../../services/access/access-evaluator.ts';

const pointOf = ({ scope, now, epoch }: RequestContext): DecisionPoint => ({ accountId: scope.accountId, now, epoch });

export const permissionResolvers: Resolvers = {
  Query: {
    principalPermissions: (_root, args, ctx) => ctx.permissions.principalPermissions(pointOf(ctx), args, ctx.catalog),
    whoCan: (_root, args, ctx) => ctx.permissions.whoCan(pointOf(ctx), args),
    accessFilter: (_root, args, ctx) => ctx.permissions.accessFilter(pointOf(ctx), args),
    myPermissions: (_root, { resource, actions }, ctx) => ctx.permissions.myPermissions(pointOf(ctx), ctx.caller, resource, actions),
  },
};
