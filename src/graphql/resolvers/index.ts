// All resolvers, typed against schema.graphql by the generated `Resolvers` type.
import type { Resolvers } from '../../generated/graphql.ts';
import { ENUM_VALUES } from '../enum-values.ts';
import { DateTimeScalar, JSONScalar } from '../scalars.ts';
import { accessResolvers } from './access.ts';
import { entityTypeResolvers } from './entity-types.ts';
import { identityMutations } from './mutation-identities.ts';
import { policyMutations } from './mutation-policies.ts';
import { permissionResolvers } from './permissions.ts';
import { connectionResolvers, queryResolvers } from './query.ts';
import { signInMutations, signInQueries } from './sign-in.ts';

export const resolvers: Resolvers = {
  JSON: JSONScalar,
  DateTime: DateTimeScalar,
  ...ENUM_VALUES,
  ...accessResolvers,
  Query: { ...queryResolvers.Query, ...accessResolvers.Query, ...permissionResolvers.Query, ...signInQueries },
  ...connectionResolvers,
  ...entityTypeResolvers,
  Mutation: { ...identityMutations, ...policyMutations, ...signInMutations },
};
