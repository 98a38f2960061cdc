// Where a GraphQL enum (AWS's names) and the value the code behind it uses differ, the mapping
// is here, once. Apollo hands resolvers the inner value and gives clients the GraphQL name;
// codegen.ts types the resolvers with the inner values, so both sides check against this table.
import type { PolicyTypeModel } from '../services/models.ts';

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

/** AWS's access levels as the catalog spells them (services/catalog/catalog.ts). */
export const ACCESS_LEVEL = {
  LIST: 'List',
  READ: 'Read',
  WRITE: 'Write',
  PERMISSIONS_MANAGEMENT: 'Permissions management',
  TAGGING: 'Tagging',
} as const;

export const ENUM_VALUES = {
  AccessLevel: ACCESS_LEVEL,
  PolicyType: POLICY_TYPE,
  Effect: EFFECT,
  PermissionsBoundaryAttachmentType: PERMISSIONS_BOUNDARY_ATTACHMENT_TYPE,
  ValidatePolicyResourceType: VALIDATE_POLICY_RESOURCE_TYPE,
};
