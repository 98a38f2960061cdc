// Access keys: thin calls into services/access-keys.ts. The secret appears in createAccessKey's
// payload only; AccessKeyMetadata has no field that could carry it.
import type { RequestContext } from '../../context.ts';
import { toNodeId } from '../../domain/node-id.ts';
import type { MutationResolvers, QueryResolvers, Resolvers, UserResolvers } from '../../generated/graphql.ts';
import {
  accessKeysOfUser,
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  lastUseOf,
  listAccessKeys,
  statusOf,
  updateAccessKey,
} from '../../services/access-keys.ts';

const manager = ({ scope, caller }: RequestContext) => ({ scope, caller });

export const accessKeyQueries: QueryResolvers = {
  accessKeys: (_root, { userName }, context) => listAccessKeys(manager(context), context.auth.keyUsage, userName),
  accessKeyLastUsed: (_root, { accessKeyId }, { scope, auth }) => getAccessKeyLastUsed(scope, auth.keyUsage, accessKeyId),
};

export const accessKeyMutations: MutationResolvers = {
  createAccessKey: async (_root, { input }, context) => ({ accessKey: await createAccessKey(manager(context), context.auth.secrets, input.userName) }),
  updateAccessKey: async (_root, { input }, context) => ({ accessKey: await updateAccessKey(manager(context), input) }),
  deleteAccessKey: async (_root, { input }, context) => ({ accessKeyId: await deleteAccessKey(manager(context), input) }),
};

/** The `User.accessKeys` field, merged into the User resolvers in index.ts. */
export const userAccessKeyFields: UserResolvers = {
  accessKeys: (user, _args, { loaders, auth }) => accessKeysOfUser(loaders, auth.keyUsage, user.id),
};

export const accessKeyTypeResolvers: Resolvers = {
  AccessKeyMetadata: {
    id: (key) => toNodeId('AccessKeyMetadata', key.id),
    userName: async (key, _args, { loaders }) => {
      const user = await loaders.userById.load(key.userId);
      if (!user) throw new Error(`user ${key.userId} of access key ${key.id} vanished while it was being read`);
      return user.name;
    },
    accessKeyId: (key) => key.id,
    status: (key) => statusOf(key),
    createDate: (key) => key.createdAt,
    accessKeyLastUsed: (key) => lastUseOf(key),
  },
};
