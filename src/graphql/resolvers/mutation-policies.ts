// Mutations on managed policies, versions, attachments, inline policies, boundaries and tags.
import { policyArn } from '../../domain/arn.ts';
import type { MutationResolvers } from '../../generated/graphql.ts';
import type { GroupModel as Group, PolicyModel as Policy, RoleModel as Role, UserModel as User } from '../../services/models.ts';
import { attachPolicy, detachPolicy } from '../../services/attachments.ts';
import { deletePermissionsBoundary, putPermissionsBoundary } from '../../services/boundaries.ts';
import { deleteInlinePolicy, putInlinePolicy } from '../../services/inline-policies.ts';
import { createPolicy, deletePolicy } from '../../services/policies.ts';
import { retag } from '../../services/retag.ts';
import { createPolicyVersion, deletePolicyVersion, setDefaultPolicyVersion } from '../../services/policy-versions.ts';

// The services return an owner of a kind the resolver named; these narrow it back.
const asUser = (row: User | Group | Role) => row as User;
const asGroup = (row: User | Group | Role) => row as Group;
const asRole = (row: User | Group | Role) => row as Role;

export const policyMutations: MutationResolvers = {
  createPolicy: async (_root, { input }, { scope }) => ({ policy: await createPolicy(scope, input) }),
  deletePolicy: async (_root, { input }, { scope }) => {
    const policy = await deletePolicy(scope, input.policyArn);
    return { policyId: policy.id, policyArn: policyArn(scope.partition, policy) };
  },
  createPolicyVersion: async (_root, { input }, { scope }) => {
    const { policy, version } = await createPolicyVersion(scope, input);
    return { policy, policyVersion: { version, isDefaultVersion: version.versionNumber === policy.defaultVersionNumber } };
  },
  setDefaultPolicyVersion: async (_root, { input }, { scope }) => ({ policy: await setDefaultPolicyVersion(scope, input) }),
  deletePolicyVersion: async (_root, { input }, { scope }) => ({ policy: await deletePolicyVersion(scope, input) }),

  attachUserPolicy: async (_root, { input }, { scope }) => {
    const { owner, policy } = await attachPolicy(scope, 'user', { ownerName: input.userName, policyArn: input.policyArn });
    return { user: asUser(owner.row), policy };
  },
  detachUserPolicy: async (_root, { input }, { scope }) => {
    const { owner, policy } = await detachPolicy(scope, 'user', { ownerName: input.userName, policyArn: input.policyArn });
    return { user: asUser(owner.row), policy };
  },
  attachGroupPolicy: async (_root, { input }, { scope }) => {
    const { owner, policy } = await attachPolicy(scope, 'group', { ownerName: input.groupName, policyArn: input.policyArn });
    return { group: asGroup(owner.row), policy };
  },
  detachGroupPolicy: async (_root, { input }, { scope }) => {
    const { owner, policy } = await detachPolicy(scope, 'group', { ownerName: input.groupName, policyArn: input.policyArn });
    return { group: asGroup(owner.row), policy };
  },
  attachRolePolicy: async (_root, { input }, { scope }) => {
    const { owner, policy } = await attachPolicy(scope, 'role', { ownerName: input.roleName, policyArn: input.policyArn });
    return { role: asRole(owner.row), policy };
  },
  detachRolePolicy: async (_root, { input }, { scope }) => {
    const { owner, policy } = await detachPolicy(scope, 'role', { ownerName: input.roleName, policyArn: input.policyArn });
    return { role: asRole(owner.row), policy };
  },

  putUserPolicy: async (_root, { input }, { scope }) => {
    const { owner, inlinePolicy } = await putInlinePolicy(scope, 'user', { ownerName: input.userName, ...input });
    return { user: asUser(owner.row), inlinePolicy };
  },
  deleteUserPolicy: async (_root, { input }, { scope }) => ({
    user: asUser((await deleteInlinePolicy(scope, 'user', { ownerName: input.userName, policyName: input.policyName })).row),
  }),
  putGroupPolicy: async (_root, { input }, { scope }) => {
    const { owner, inlinePolicy } = await putInlinePolicy(scope, 'group', { ownerName: input.groupName, ...input });
    return { group: asGroup(owner.row), inlinePolicy };
  },
  deleteGroupPolicy: async (_root, { input }, { scope }) => ({
    group: asGroup((await deleteInlinePolicy(scope, 'group', { ownerName: input.groupName, policyName: input.policyName })).row),
  }),
  putRolePolicy: async (_root, { input }, { scope }) => {
    const { owner, inlinePolicy } = await putInlinePolicy(scope, 'role', { ownerName: input.roleName, ...input });
    return { role: asRole(owner.row), inlinePolicy };
  },
  deleteRolePolicy: async (_root, { input }, { scope }) => ({
    role: asRole((await deleteInlinePolicy(scope, 'role', { ownerName: input.roleName, policyName: input.policyName })).row),
  }),

  putUserPermissionsBoundary: async (_root, { input }, { scope }) => ({
    user: asUser(await putPermissionsBoundary(scope, 'user', input.userName, input.permissionsBoundary)),
  }),
  deleteUserPermissionsBoundary: async (_root, { input }, { scope }) => ({
    user: asUser(await deletePermissionsBoundary(scope, 'user', input.userName)),
  }),
  putRolePermissionsBoundary: async (_root, { input }, { scope }) => ({
    role: asRole(await putPermissionsBoundary(scope, 'role', input.roleName, input.permissionsBoundary)),
  }),
  deleteRolePermissionsBoundary: async (_root, { input }, { scope }) => ({
    role: asRole(await deletePermissionsBoundary(scope, 'role', input.roleName)),
  }),

  tagUser: async (_root, { input }, { scope }) => ({ user: (await retag(scope, { kind: 'user', name: input.userName }, { add: input.tags })) as User }),
  untagUser: async (_root, { input }, { scope }) => ({
    user: (await retag(scope, { kind: 'user', name: input.userName }, { removeKeys: input.tagKeys })) as User,
  }),
  tagRole: async (_root, { input }, { scope }) => ({ role: (await retag(scope, { kind: 'role', name: input.roleName }, { add: input.tags })) as Role }),
  untagRole: async (_root, { input }, { scope }) => ({
    role: (await retag(scope, { kind: 'role', name: input.roleName }, { removeKeys: input.tagKeys })) as Role,
  }),
  tagPolicy: async (_root, { input }, { scope }) => ({ policy: (await retag(scope, { kind: 'policy', arn: input.policyArn }, { add: input.tags })) as Policy }),
  untagPolicy: async (_root, { input }, { scope }) => ({
    policy: (await retag(scope, { kind: 'policy', arn: input.policyArn }, { removeKeys: input.tagKeys })) as Policy,
  }),
};
