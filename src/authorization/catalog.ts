// Every root field of the API and what it asks of the caller's policies: its IAM action (AWS's
// name where AWS has the operation, `gatehouse:` where only Gatehouse has it) and the ARN(s) it
// acts on, computed from its arguments. Data, read by src/graphql/authorize-fields.ts; a field
// missing here is refused (test/api/authorization-catalog.test.ts keeps it complete). `heavy`
// marks the expensive ones, counted per principal per minute (src/graphql/heavy-operations.ts).
import {
  accessKeyOwner,
  ANY,
  arn,
  boundaryKey,
  created,
  group,
  largeList,
  largePage,
  listed,
  on,
  policyArnKey,
  requestTags,
  role,
  service,
  tagKeys,
  user,
  userOrSelf,
  type Args,
  type CatalogEntry,
  type CallSite,
  type Check,
} from './targets.ts';

const any = () => ANY;
const byUser = (args: Args) => user(args.input.userName);
const byGroup = (args: Args) => group(args.input.groupName);
const byRole = (args: Args) => role(args.input.roleName);
const byPolicy = (args: Args) => arn(args.input.policyArn);
const attachKeys = (args: Args) => policyArnKey(args.input.policyArn);
const ENTITY_READS = { user: 'iam:GetUser', group: 'iam:GetGroup', role: 'iam:GetRole', policy: 'iam:GetPolicy' } as const;

export const QUERY_CATALOG: Readonly<Record<string, CatalogEntry>> = {
  node: { checks: on('gatehouse:GetNode', any) },
  nodes: { checks: on('gatehouse:GetNode', any), heavy: (args) => largeList(args.ids) },
  entityById: { checks: on('gatehouse:GetNode', any) },
  account: { checks: on('iam:GetAccountSummary', any) },
  callerIdentity: { open: 'who the caller is: AWS sts:GetCallerIdentity needs no permission either' },
  accountPasswordPolicy: { checks: on('iam:GetAccountPasswordPolicy', any) },
  loginProfile: { checks: on('iam:GetLoginProfile', (args) => user(args.userName)) },
  accessKeys: { checks: on('iam:ListAccessKeys', (args, site) => userOrSelf(args.userName, site)) },
  accessKeyLastUsed: { checks: on('iam:GetAccessKeyLastUsed', (args) => accessKeyOwner(args.accessKeyId)) },
  mfaDevices: { checks: on('iam:ListMFADevices', (args, site) => userOrSelf(args.userName, site)) },
  virtualMFADevices: { checks: on('iam:ListVirtualMFADevices', any), heavy: largePage },
  user: { checks: on('iam:GetUser', (args) => user(args.userName)) },
  group: { checks: on('iam:GetGroup', (args) => group(args.groupName)) },
  role: { checks: on('iam:GetRole', (args) => role(args.roleName)) },
  policy: { checks: on('iam:GetPolicy', (args) => arn(args.policyArn)) },
  entityByArn: { checks: (args) => [{ action: entityRead(args.arn), resource: arn(args.arn) }] },
  users: { checks: on('iam:ListUsers', (args, site) => listed(site, 'user', args.pathPrefix)), heavy: largePage },
  groups: { checks: on('iam:ListGroups', (args, site) => listed(site, 'group', args.pathPrefix)), heavy: largePage },
  roles: { checks: on('iam:ListRoles', (args, site) => listed(site, 'role', args.pathPrefix)), heavy: largePage },
  policies: { checks: on('iam:ListPolicies', any), heavy: largePage },
  simulateCustomPolicy: { checks: on('iam:SimulateCustomPolicy', any), heavy: true },
  evaluateAccess: { checks: on('iam:SimulatePrincipalPolicy', (args) => arn(args.input.principal)) },
  evaluateAccessBatch: { checks: (args, site) => simulations(args.inputs, site), heavy: true },
  validatePolicy: { checks: on('access-analyzer:ValidatePolicy', any) },
  services: { checks: on('gatehouse:ListServices', any), heavy: largePage },
  service: { checks: on('gatehouse:GetService', (args, site) => service(site, args.servicePrefix)) },
  // Effective permissions: as AWS's nearest actions (issue 10, "Who may ask").
  principalPermissions: { checks: on('iam:SimulatePrincipalPolicy', (args) => arn(args.principal)), heavy: true },
  accessFilter: { checks: on('iam:SimulatePrincipalPolicy', (args) => arn(args.principal)), heavy: true },
  whoCan: { checks: on('iam:GetAccountAuthorizationDetails', any), heavy: true },
  myPermissions: { open: 'reveals only what the caller itself may do, decided against its own policies' },
  // The audit trail: Gatehouse's own actions (CloudTrail's LookupEvents is the nearest in AWS).
  auditEvents: { checks: on('gatehouse:ListAuditEvents', any), heavy: true },
  verifyAuditTrail: { checks: on('gatehouse:VerifyAuditTrail', any), heavy: true },
  decisionLog: { checks: on('gatehouse:ListDecisions', any), heavy: true },
};

export const MUTATION_CATALOG: Readonly<Record<string, CatalogEntry>> = {
  signIn: { open: 'the one operation without a credential: it is how a caller gets one' },
  signOut: { open: 'ends the calling session itself, nothing else' },
  changePassword: {
    open: 'the caller changes its own password, proving the old one; the account password policy (allowUsersToChangePassword) decides, as AWS lets users with a login profile do',
  },
  revokeSessions: { checks: on('gatehouse:RevokeSessions', (args, site) => userOrSelf(args.input.userName, site)) },
  createLoginProfile: { checks: on('iam:CreateLoginProfile', byUser) },
  updateLoginProfile: { checks: on('iam:UpdateLoginProfile', byUser) },
  deleteLoginProfile: { checks: on('iam:DeleteLoginProfile', byUser) },
  updateAccountPasswordPolicy: { checks: on('iam:UpdateAccountPasswordPolicy', any) },
  deleteAccountPasswordPolicy: { checks: on('iam:DeleteAccountPasswordPolicy', any) },
  createAccessKey: { checks: on('iam:CreateAccessKey', (args, site) => userOrSelf(args.input.userName, site)) },
  updateAccessKey: { checks: on('iam:UpdateAccessKey', (args, site) => userOrSelf(args.input.userName, site)) },
  deleteAccessKey: { checks: on('iam:DeleteAccessKey', (args, site) => userOrSelf(args.input.userName, site)) },
  createVirtualMFADevice: {
    checks: on('iam:CreateVirtualMFADevice', (args, site) => created(site, 'mfa', args.input.path, args.input.virtualMFADeviceName)),
  },
  enableMFADevice: { checks: on('iam:EnableMFADevice', (args, site) => userOrSelf(args.input.userName, site)) },
  deactivateMFADevice: { checks: on('iam:DeactivateMFADevice', (args, site) => userOrSelf(args.input.userName, site)) },
  deleteVirtualMFADevice: { checks: on('iam:DeleteVirtualMFADevice', (args) => arn(args.input.serialNumber)) },
  createAccount: { checks: on('organizations:CreateAccount', any), managementOnly: true },
  createUser: {
    checks: on(
      'iam:CreateUser',
      (args, site) => created(site, 'user', args.input.path, args.input.userName),
      (args) => [...boundaryKey(args.input.permissionsBoundary), ...requestTags(args.input.tags)],
    ),
  },
  updateUser: { checks: on('iam:UpdateUser', byUser) },
  deleteUser: { checks: on('iam:DeleteUser', byUser) },
  createGroup: { checks: on('iam:CreateGroup', (args, site) => created(site, 'group', args.input.path, args.input.groupName)) },
  updateGroup: { checks: on('iam:UpdateGroup', byGroup) },
  deleteGroup: { checks: on('iam:DeleteGroup', byGroup) },
  addUserToGroup: { checks: on('iam:AddUserToGroup', byGroup) },
  removeUserFromGroup: { checks: on('iam:RemoveUserFromGroup', byGroup) },
  createRole: {
    checks: on(
      'iam:CreateRole',
      (args, site) => created(site, 'role', args.input.path, args.input.roleName),
      (args) => [...boundaryKey(args.input.permissionsBoundary), ...requestTags(args.input.tags)],
    ),
  },
  updateRole: { checks: on('iam:UpdateRole', byRole) },
  deleteRole: { checks: on('iam:DeleteRole', byRole) },
  updateAssumeRolePolicy: { checks: on('iam:UpdateAssumeRolePolicy', byRole) },
  createPolicy: {
    checks: on('iam:CreatePolicy', (args, site) => created(site, 'policy', args.input.path, args.input.policyName), (args) => requestTags(args.input.tags)),
  },
  deletePolicy: { checks: on('iam:DeletePolicy', byPolicy) },
  // A documented difference from AWS: making the new version the default also needs
  // iam:SetDefaultPolicyVersion, so CreatePolicyVersion alone cannot change what a policy grants.
  createPolicyVersion: {
    checks: (args) => [
      { action: 'iam:CreatePolicyVersion', resource: byPolicy(args) },
      ...(args.input.setAsDefault ? [{ action: 'iam:SetDefaultPolicyVersion', resource: byPolicy(args) }] : []),
    ],
  },
  setDefaultPolicyVersion: { checks: on('iam:SetDefaultPolicyVersion', byPolicy) },
  deletePolicyVersion: { checks: on('iam:DeletePolicyVersion', byPolicy) },
  attachUserPolicy: { checks: on('iam:AttachUserPolicy', byUser, attachKeys) },
  detachUserPolicy: { checks: on('iam:DetachUserPolicy', byUser, attachKeys) },
  attachGroupPolicy: { checks: on('iam:AttachGroupPolicy', byGroup, attachKeys) },
  detachGroupPolicy: { checks: on('iam:DetachGroupPolicy', byGroup, attachKeys) },
  attachRolePolicy: { checks: on('iam:AttachRolePolicy', byRole, attachKeys) },
  detachRolePolicy: { checks: on('iam:DetachRolePolicy', byRole, attachKeys) },
  putUserPolicy: { checks: on('iam:PutUserPolicy', byUser) },
  deleteUserPolicy: { checks: on('iam:DeleteUserPolicy', byUser) },
  putGroupPolicy: { checks: on('iam:PutGroupPolicy', byGroup) },
  deleteGroupPolicy: { checks: on('iam:DeleteGroupPolicy', byGroup) },
  putRolePolicy: { checks: on('iam:PutRolePolicy', byRole) },
  deleteRolePolicy: { checks: on('iam:DeleteRolePolicy', byRole) },
  putUserPermissionsBoundary: { checks: on('iam:PutUserPermissionsBoundary', byUser, (args) => boundaryKey(args.input.permissionsBoundary)) },
  deleteUserPermissionsBoundary: { checks: on('iam:DeleteUserPermissionsBoundary', byUser) },
  putRolePermissionsBoundary: { checks: on('iam:PutRolePermissionsBoundary', byRole, (args) => boundaryKey(args.input.permissionsBoundary)) },
  deleteRolePermissionsBoundary: { checks: on('iam:DeleteRolePermissionsBoundary', byRole) },
  tagUser: { checks: on('iam:TagUser', byUser, (args) => requestTags(args.input.tags)) },
  untagUser: { checks: on('iam:UntagUser', byUser, (args) => [tagKeys(args.input.tagKeys)]) },
  tagRole: { checks: on('iam:TagRole', byRole, (args) => requestTags(args.input.tags)) },
  untagRole: { checks: on('iam:UntagRole', byRole, (args) => [tagKeys(args.input.tagKeys)]) },
  tagPolicy: { checks: on('iam:TagPolicy', byPolicy, (args) => requestTags(args.input.tags)) },
  untagPolicy: { checks: on('iam:UntagPolicy', byPolicy, (args) => [tagKeys(args.input.tagKeys)]) },
  putService: { checks: on('gatehouse:PutService', (args, site) => service(site, args.input.servicePrefix)) },
  deleteService: { checks: on('gatehouse:DeleteService', (args, site) => service(site, args.input.servicePrefix)) },
};

// Relationship fields that answer what another call needs a permission for (AWS's
// ListGroupsForUser, ListAccessKeys, ...), on the user they belong to. The other fields of a
// User come with the read that found it (GetUser, ListUsers).
const ofParent = (_args: Args, site: { parentArn?: string }) => arn(site.parentArn ?? '*');

export const USER_FIELD_CATALOG: Readonly<Record<string, CatalogEntry>> = {
  groups: { checks: on('iam:ListGroupsForUser', ofParent) },
  attachedPolicies: { checks: on('iam:ListAttachedUserPolicies', ofParent) },
  inlinePolicies: { checks: on('iam:ListUserPolicies', ofParent) },
  loginProfile: { checks: on('iam:GetLoginProfile', ofParent) },
  accessKeys: { checks: on('iam:ListAccessKeys', ofParent) },
  mfaDevices: { checks: on('iam:ListMFADevices', ofParent) },
};

/** The catalog of a root type; undefined for a type without one. */
export const ROOT_CATALOGS: Readonly<Record<string, Readonly<Record<string, CatalogEntry>>>> = { Query: QUERY_CATALOG, Mutation: MUTATION_CATALOG };

function entityRead(value: string): string {
  const kind = /^arn:[^:]*:iam::[^:]*:(user|group|role|policy)\//.exec(value)?.[1] as keyof typeof ENTITY_READS | undefined;
  return kind ? ENTITY_READS[kind] : 'iam:GetUser';
}

// One check per distinct principal: a batch of 1000 requests about one user is one question.
// A batch answers each item on its own (issue 7): a principal of another account is that item's
// NO_SUCH_ENTITY, whether or not it exists, so it reveals nothing and must not deny the others.
function simulations(inputs: ReadonlyArray<{ principal: string }>, site: CallSite): Check[] {
  const own = [...new Set(inputs.map((input) => input.principal))].filter((principal) => principal.split(':')[4] === site.accountId);
  // A batch of foreign principals only still needs the action, on any resource.
  if (!own.length) return [{ action: 'iam:SimulatePrincipalPolicy', resource: ANY }];
  return own.map((principal) => ({ action: 'iam:SimulatePrincipalPolicy', resource: arn(principal) }));
}
