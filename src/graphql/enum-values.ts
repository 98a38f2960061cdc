// Where a GraphQL enum (AWS's names) and the value the code behind it uses differ, the mapping
// is here, once. Apollo hands resolvers the inner value and gives clients the GraphQL name;
// codegen.ts types the resolvers with the inner values, so both sides check against this table.
import type { AccessLevelModel, PolicyTypeModel } from '../services/models.ts';

/** The engine's names for the kinds of policy (src/policy/types.ts). */
export const POLICY_TYPE = {
  IDENTITY_POLICY: 'IDENTITY',
  RESOURCE_POLICY: 'RESOURCE',
  PERMISSIONS_BOUNDARY_POLICY: 'PERMISSIONS_BOUNDARY',
  SERVICE_CONTROL_POLICY: 'SERVICE_CONTROL',
  SESSION_POLICY: 'SESSION',
} as const satisfies Record<string, PolicyTypeModel>;

/** A statement's `Effect` as the document (and the engine) writes it. */
export const EFFECT = { ALLOW: 'Allow', DENY: 'Deny' } as const;

/** AWS's own values. */
export const PERMISSIONS_BOUNDARY_ATTACHMENT_TYPE = { PERMISSIONS_BOUNDARY_POLICY: 'PermissionsBoundaryPolicy' } as const;
export const VALIDATE_POLICY_RESOURCE_TYPE = { AWS_IAM_ASSUME_ROLE_POLICY_DOCUMENT: 'AWS::IAM::AssumeRolePolicyDocument' } as const;
/** An access key's status as AWS writes it (and the AccessKey table stores it). */
export const STATUS_TYPE = { ACTIVE: 'Active', INACTIVE: 'Inactive' } as const;

/** AWS's access levels as the Service Authorization Reference (and the catalog) writes them. */
export const ACCESS_LEVEL = {
  LIST: 'List',
  READ: 'Read',
  WRITE: 'Write',
  PERMISSIONS_MANAGEMENT: 'Permissions management',
  TAGGING: 'Tagging',
} as const satisfies Record<string, AccessLevelModel>;

export const ENUM_VALUES = {
  PolicyType: POLICY_TYPE,
  Effect: EFFECT,
  PermissionsBoundaryAttachmentType: PERMISSIONS_BOUNDARY_ATTACHMENT_TYPE,
  ValidatePolicyResourceType: VALIDATE_POLICY_RESOURCE_TYPE,
  AccessLevel: ACCESS_LEVEL,
  StatusType: STATUS_TYPE,
};
