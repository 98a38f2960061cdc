// Field resolvers of the entity types. Relationship fields go through the request's
// DataLoaders, so a page of 100 users with their groups, policies and tags costs a constant
// number of queries. Documents are stored as submitted: the `...Text` fields return that text,
// the others its parsed value.
import { accountRootArn, formatArn, policyArn } from '../../domain/arn.ts';
import { kindOfUniqueId } from '../../domain/iam-ids.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import type { Loaders } from '../../services/loaders.ts';
import { toNodeId } from '../../domain/node-id.ts';
import { versionId, type InlinePolicyModel, type PolicyModel } from '../../services/models.ts';
import { nodeTypeOf } from '../../services/nodes.ts';
import { parseStoredDocument } from '../../services/policy-documents.ts';

const TYPE_OF_KIND = { user: 'User', group: 'Group', role: 'Role', policy: 'Policy' } as const;

/** A row a parent refers to; the foreign key guarantees it, so a miss is a bug, not a 404. */
async function loadReferenced<T>(loader: { load(id: string): Promise<T | null> }, what: string, id: string): Promise<T> {
  const row = await loader.load(id);
  if (!row) throw new Error(`${what} ${id} vanished while it was being read`);
  return row;
}

const loadPolicy = (loaders: Loaders, id: string): Promise<PolicyModel> => loadReferenced(loaders.policyById, 'policy', id);

function loadOwner(loaders: Loaders, inline: InlinePolicyModel) {
  if (inline.userId) return loadReferenced(loaders.userById, 'user', inline.userId);
  if (inline.groupId) return loadReferenced(loaders.groupById, 'group', inline.groupId);
  return loadReferenced(loaders.roleById, 'role', inline.roleId ?? '');
}

export const entityTypeResolvers: Resolvers = {
  Node: {
    __resolveType: (model) => nodeTypeOf(model),
  },
  IamEntity: {
    __resolveType: (entity) => TYPE_OF_KIND[kindOfUniqueId(entity.id) ?? 'user'],
  },
  Account: {
    id: (account) => toNodeId('Account', account.id),
    accountId: (account) => account.id,
    accountAlias: (account) => account.alias,
    accountName: (account) => account.name,
    arn: (account, _args, { scope }) => accountRootArn(scope.partition, account.id),
    createDate: (account) => account.createdAt,
  },
  User: {
    id: (user) => toNodeId('User', user.id),
    userId: (user) => user.id,
    userName: (user) => user.name,
    arn: (user, _args, { scope }) => formatArn(scope.partition, user.accountId, 'user', user.path, user.name),
    createDate: (user) => user.createdAt,
    groups: (user, _args, { loaders }) => loaders.groupsOfUser.load(user.id),
    attachedPolicies: (user, _args, { loaders }) => loaders.attachedPoliciesOfUser.load(user.id),
    inlinePolicies: (user, _args, { loaders }) => loaders.inlinePoliciesOfUser.load(user.id),
    permissionsBoundary: (user) => (user.permissionsBoundaryId ? { policyId: user.permissionsBoundaryId } : null),
    tags: (user, _args, { loaders }) => loaders.tagsOfUser.load(user.id),
    loginProfile: async (user, _args, { loaders }) => {
      const profile = await loaders.loginProfileOfUser.load(user.id);
      return profile && { ...profile, userName: user.name };
    },
    passwordLastUsed: async (user, _args, { loaders }) => (await loaders.loginProfileOfUser.load(user.id))?.passwordLastUsedAt ?? null,
  },
  Group: {
    id: (group) => toNodeId('Group', group.id),
    groupId: (group) => group.id,
    groupName: (group) => group.name,
    arn: (group, _args, { scope }) => formatArn(scope.partition, group.accountId, 'group', group.path, group.name),
    createDate: (group) => group.createdAt,
    users: (group, _args, { loaders }) => loaders.usersOfGroup.load(group.id),
    attachedPolicies: (group, _args, { loaders }) => loaders.attachedPoliciesOfGroup.load(group.id),
    inlinePolicies: (group, _args, { loaders }) => loaders.inlinePoliciesOfGroup.load(group.id),
  },
  Role: {
    id: (role) => toNodeId('Role', role.id),
    roleId: (role) => role.id,
    roleName: (role) => role.name,
    arn: (role, _args, { scope }) => formatArn(scope.partition, role.accountId, 'role', role.path, role.name),
    createDate: (role) => role.createdAt,
    assumeRolePolicyDocument: (role) => parseStoredDocument(role.assumeRolePolicyDocument),
    assumeRolePolicyDocumentText: (role) => role.assumeRolePolicyDocument,
    attachedPolicies: (role, _args, { loaders }) => loaders.attachedPoliciesOfRole.load(role.id),
    inlinePolicies: (role, _args, { loaders }) => loaders.inlinePoliciesOfRole.load(role.id),
    permissionsBoundary: (role) => (role.permissionsBoundaryId ? { policyId: role.permissionsBoundaryId } : null),
    tags: (role, _args, { loaders }) => loaders.tagsOfRole.load(role.id),
  },
  Policy: {
    id: (policy) => toNodeId('Policy', policy.id),
    policyId: (policy) => policy.id,
    policyName: (policy) => policy.name,
    arn: (policy, _args, { scope }) => policyArn(scope.partition, policy),
    createDate: (policy) => policy.createdAt,
    updateDate: (policy) => policy.updatedAt,
    defaultVersionId: (policy) => versionId(policy.defaultVersionNumber),
    attachmentCount: async (policy, _args, { loaders }) => {
      const { users, groups, roles } = await loaders.attachmentsOfPolicy.load(policy.id);
      return users.length + groups.length + roles.length;
    },
    permissionsBoundaryUsageCount: (policy, _args, { loaders }) => loaders.boundaryUsageOfPolicy.load(policy.id),
    isAttachable: () => true,
    isAwsManaged: (policy) => policy.awsManaged,
    versions: async (policy, _args, { loaders }) =>
      (await loaders.versionsOfPolicy.load(policy.id)).map((version) => ({
        version,
        isDefaultVersion: version.versionNumber === policy.defaultVersionNumber,
      })),
    defaultVersion: async (policy, _args, { loaders }) => {
      const versions = await loaders.versionsOfPolicy.load(policy.id);
      const version = versions.find((candidate) => candidate.versionNumber === policy.defaultVersionNumber);
      if (!version) throw new Error(`policy ${policy.id} has no default version row`);
      return { version, isDefaultVersion: true };
    },
    attachments: (policy) => policy,
    tags: (policy, _args, { loaders }) => loaders.tagsOfPolicy.load(policy.id),
  },
  PolicyAttachments: {
    policyUsers: async (policy, _args, { loaders }) => (await loaders.attachmentsOfPolicy.load(policy.id)).users,
    policyGroups: async (policy, _args, { loaders }) => (await loaders.attachmentsOfPolicy.load(policy.id)).groups,
    policyRoles: async (policy, _args, { loaders }) => (await loaders.attachmentsOfPolicy.load(policy.id)).roles,
  },
  PolicyVersion: {
    id: ({ version }) => toNodeId('PolicyVersion', version.id),
    policy: ({ version }, _args, { loaders }) => loadPolicy(loaders, version.policyId),
    versionId: ({ version }) => versionId(version.versionNumber),
    isDefaultVersion: ({ isDefaultVersion }) => isDefaultVersion,
    document: ({ version }) => parseStoredDocument(version.document),
    documentText: ({ version }) => version.document,
    createDate: ({ version }) => version.createdAt,
  },
  InlinePolicy: {
    id: (inline) => toNodeId('InlinePolicy', inline.id),
    owner: (inline, _args, { loaders }) => loadOwner(loaders, inline),
    policyName: (inline) => inline.name,
    policyDocument: (inline) => parseStoredDocument(inline.document),
    policyDocumentText: (inline) => inline.document,
  },
  Tag: {
    key: (tag) => tag.key,
    value: (tag) => tag.value,
  },
  AttachedPermissionsBoundary: {
    permissionsBoundaryType: () => 'PermissionsBoundaryPolicy',
    permissionsBoundaryArn: async ({ policyId }, _args, { loaders, scope }) => {
      const policy = await loadPolicy(loaders, policyId);
      return policyArn(scope.partition, policy);
    },
    policy: ({ policyId }, _args, { loaders }) => loadPolicy(loaders, policyId),
  },
};
