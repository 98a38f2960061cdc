// All resolvers, typed against schema.graphql by the generated `Resolvers` type.
import { MUTATION_CATALOG, QUERY_CATALOG, USER_FIELD_CATALOG } from '../../authorization/catalog.ts';
import { formatArn } from '../../domain/arn.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { authorizeFields } from '../authorize-fields.ts';
import { ENUM_VALUES } from '../enum-values.ts';
import { DateTimeScalar, JSONScalar } from '../scalars.ts';
import { accessResolvers } from './access.ts';
import { auditQueries, auditTypeResolvers } from './audit.ts';
import { decisionQueries, decisionTypeResolvers } from './decisions.ts';
import { accessKeyMutations, accessKeyQueries, accessKeyTypeResolvers, userAccessKeyFields } from './access-keys.ts';
import { entityTypeResolvers } from './entity-types.ts';
import { identityMutations } from './mutation-identities.ts';
import { mfaDeviceMutations, mfaDeviceQueries, mfaDeviceTypes, userMfaDevices } from './mfa-devices.ts';
import { policyMutations } from './mutation-policies.ts';
import { passwordMutations, passwordQueries, passwordTypeResolvers } from './passwords.ts';
import { permissionResolvers } from './permissions.ts';
import { connectionResolvers, queryResolvers } from './query.ts';
import { serviceMutations, serviceQueries, serviceTypeResolvers } from './services.ts';
import { signInMutations, signInQueries } from './sign-in.ts';

export const resolvers: Resolvers = {
  JSON: JSONScalar,
  DateTime: DateTimeScalar,
  ...ENUM_VALUES,
  ...accessResolvers,
  Query: authorizeFields(QUERY_CATALOG, { ...queryResolvers.Query, ...accessResolvers.Query, ...signInQueries, ...mfaDeviceQueries, ...passwordQueries, ...serviceQueries, ...accessKeyQueries, ...permissionResolvers.Query, ...auditQueries, ...decisionQueries }),
  ...connectionResolvers,
  ...entityTypeResolvers,
  ...mfaDeviceTypes,
  ...passwordTypeResolvers,
  ...serviceTypeResolvers,
  ...accessKeyTypeResolvers,
  ...auditTypeResolvers,
  ...decisionTypeResolvers,
  User: authorizeFields(USER_FIELD_CATALOG, { ...entityTypeResolvers.User, ...userMfaDevices, ...userAccessKeyFields }, (user, { scope }) =>
    formatArn(scope.partition, user.accountId, 'user', user.path, user.name),
  ),
  Mutation: authorizeFields(MUTATION_CATALOG, { ...identityMutations, ...policyMutations, ...signInMutations, ...mfaDeviceMutations, ...passwordMutations, ...serviceMutations, ...accessKeyMutations }),
};
