// Passwords: login profiles, the account's password policy and changePassword; thin calls into
// the services.
import type { MutationResolvers, QueryResolvers, Resolvers } from '../../generated/graphql.ts';
import { createLoginProfile, deleteLoginProfile, getLoginProfile, updateLoginProfile } from '../../services/login-profiles.ts';
import { changePassword } from '../../services/password-change.ts';
import { deleteAccountPasswordPolicy, getAccountPasswordPolicy, updateAccountPasswordPolicy } from '../../services/password-policy.ts';

export const passwordQueries: QueryResolvers = {
  accountPasswordPolicy: (_root, _args, { scope }) => getAccountPasswordPolicy(scope),
  loginProfile: (_root, { userName }, { scope }) => getLoginProfile(scope, userName),
};

export const passwordMutations: MutationResolvers = {
  changePassword: async (_root, { input }, { scope, caller, auth, now }) => ({
    revokedSessionCount: await changePassword(scope, caller, auth.hasher, input, now),
  }),
  createLoginProfile: async (_root, { input }, { scope, auth, now }) => ({ loginProfile: await createLoginProfile(scope, auth.hasher, input, now) }),
  updateLoginProfile: async (_root, { input }, { scope, auth, now }) => ({ loginProfile: await updateLoginProfile(scope, auth.hasher, input, now) }),
  deleteLoginProfile: async (_root, { input }, { scope }) => ({ userName: await deleteLoginProfile(scope, input.userName) }),
  updateAccountPasswordPolicy: async (_root, { input }, { scope }) => ({ passwordPolicy: await updateAccountPasswordPolicy(scope, input) }),
  deleteAccountPasswordPolicy: async (_root, _args, { scope }) => ({ deleted: await deleteAccountPasswordPolicy(scope) }),
};

export const passwordTypeResolvers: Resolvers = {
  LoginProfile: {
    createDate: (profile) => profile.createdAt,
  },
  PasswordPolicy: {
    expirePasswords: (policy) => policy.maxPasswordAge != null,
  },
};
