// The service catalog: services, service, putService, deleteService, and the Service type.
import { toNodeId } from '../../domain/node-id.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { describeListed, getService, listServices } from '../../services/catalog/list-services.ts';
import { deleteService, putService } from '../../services/catalog/registered-services.ts';
import { connectionFields } from './query.ts';

export const serviceQueries: NonNullable<Resolvers['Query']> = {
  services: (_root, args, { scope }) => listServices(scope, args),
  service: (_root, { servicePrefix }, { scope, catalog }) => getService(scope, catalog, servicePrefix),
};

export const serviceMutations: NonNullable<Resolvers['Mutation']> = {
  putService: async (_root, { input }, { scope, now }) => ({ service: await putService(scope, input, now) }),
  deleteService: (_root, { input }, { scope }) => deleteService(scope, input.servicePrefix),
};

export const serviceTypeResolvers: Resolvers = {
  ServiceConnection: connectionFields,
  Service: {
    id: (service) => toNodeId('Service', service.prefix),
    servicePrefix: (service) => service.prefix,
    serviceName: (service) => service.name,
    overridesBuiltIn: async (service, _args, { scope, catalog }) => (await describeListed(scope, catalog, service)).overridesBuiltIn,
    actions: async (service, _args, { scope, catalog }) => [...(await describeListed(scope, catalog, service)).actions],
    resourceTypes: async (service, _args, { scope, catalog }) => [...(await describeListed(scope, catalog, service)).resourceTypes],
    conditionKeys: async (service, _args, { scope, catalog }) => [...(await describeListed(scope, catalog, service)).conditionKeys],
    createDate: async (service, _args, { scope, catalog }) => (await describeListed(scope, catalog, service)).createdAt,
    updateDate: async (service, _args, { scope, catalog }) => (await describeListed(scope, catalog, service)).updatedAt,
  },
  ServiceAction: {
    action: (action) => `${action.service}:${action.name}`,
  },
};
