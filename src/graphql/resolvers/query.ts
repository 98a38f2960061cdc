// Query root fields: thin calls into services/reads.ts.
import type { Resolvers } from '../../generated/graphql.ts';
import type { Page } from '../../services/models.ts';
import { getAccount } from '../../services/accounts.ts';
import { findNode, findNodes } from '../../services/nodes.ts';
import { findEntityByArn, findEntityById, getGroup, getPolicy, getRole, getUser, listGroups, listPolicies, listRoles, listUsers } from '../../services/reads.ts';

export const queryResolvers: Resolvers = {
  Query: {
    node: (_root, { id }, { scope }) => findNode(scope, id),
    nodes: (_root, { ids }, { scope }) => findNodes(scope, ids),
    account: (_root, _args, { scope }) => getAccount(scope),
    user: (_root, { userName }, { scope }) => getUser(scope, userName),
    group: (_root, { groupName }, { scope }) => getGroup(scope, groupName),
    role: (_root, { roleName }, { scope }) => getRole(scope, roleName),
    policy: (_root, { policyArn }, { scope }) => getPolicy(scope, policyArn),
    entityByArn: async (_root, { arn }, { scope }) => (await findEntityByArn(scope, arn))?.row ?? null,
    entityById: async (_root, { id }, { scope }) => (await findEntityById(scope, id))?.row ?? null,
    users: (_root, args, { scope }) => listUsers(scope, args),
    groups: (_root, args, { scope }) => listGroups(scope, args),
    roles: (_root, args, { scope }) => listRoles(scope, args),
    policies: (_root, args, { scope }) => listPolicies(scope, args),
  },
};

/** The Relay fields, the same for every connection type. */
export const connectionFields = {
  edges: <T>(page: Page<T>) => page.items.map((node, index) => ({ node, cursor: page.cursors[index]! })),
  nodes: <T>(page: Page<T>) => page.items,
  totalCount: <T>(page: Page<T>) => page.totalCount(),
  pageInfo: <T>(page: Page<T>) => ({
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.cursors[0] ?? null,
    endCursor: page.cursors.at(-1) ?? null,
  }),
};

export const connectionResolvers: Resolvers = {
  UserConnection: connectionFields,
  GroupConnection: connectionFields,
  RoleConnection: connectionFields,
  PolicyConnection: connectionFields,
};
