// Mutations on accounts, users, groups and roles: each one IAM action, each a thin call into a
// service.
import type { MutationResolvers } from '../../generated/graphql.ts';
import { createAccountWithRoot } from '../../services/accounts.ts';
import { addUserToGroup, createGroup, deleteGroup, removeUserFromGroup, updateGroup } from '../../services/groups.ts';
import { createRole, deleteRole, updateAssumeRolePolicy, updateRole } from '../../services/roles.ts';
import { createUser, deleteUser, updateUser } from '../../services/users.ts';

export const identityMutations: MutationResolvers = {
  createAccount: (_root, { input }, { scope, auth }) => createAccountWithRoot(scope, input, auth.hasher),

  createUser: async (_root, { input }, { scope }) => ({ user: await createUser(scope, input) }),
  updateUser: async (_root, { input }, { scope }) => ({ user: await updateUser(scope, input) }),
  deleteUser: async (_root, { input }, { scope }) => {
    const user = await deleteUser(scope, input.userName);
    return { userId: user.id, userName: user.name };
  },

  createGroup: async (_root, { input }, { scope }) => ({ group: await createGroup(scope, input) }),
  updateGroup: async (_root, { input }, { scope }) => ({ group: await updateGroup(scope, input) }),
  deleteGroup: async (_root, { input }, { scope }) => {
    const group = await deleteGroup(scope, input.groupName);
    return { groupId: group.id, groupName: group.name };
  },
  addUserToGroup: (_root, { input }, { scope }) => addUserToGroup(scope, input),
  removeUserFromGroup: (_root, { input }, { scope }) => removeUserFromGroup(scope, input),

  createRole: async (_root, { input }, { scope }) => ({ role: await createRole(scope, input) }),
  updateRole: async (_root, { input }, { scope }) => ({ role: await updateRole(scope, input) }),
  deleteRole: async (_root, { input }, { scope }) => {
    const role = await deleteRole(scope, input.roleName);
    return { roleId: role.id, roleName: role.name };
  },
  updateAssumeRolePolicy: async (_root, { input }, { scope }) => ({ role: await updateAssumeRolePolicy(scope, input) }),
};
