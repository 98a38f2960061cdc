// The domain objects services return and resolvers receive as parents: database rows plus
// what is needed to present them (the partition, for ARNs).
import type {
  Account,
  User,
  Group,
  Role,
  Policy,
  PolicyVersion,
  InlinePolicy,
  Tag,
  AccessKey,
  MfaDevice,
  LoginProfile,
  AccountPasswordPolicy,
} from '../generated/prisma/client.ts';
import type { Decision, MatchedStatement, StatementTrace } from '../policy/index.ts';
import type { PolicySource } from './access/policy-source.ts';
import type { CatalogService, CatalogServiceDetail } from './catalog/catalog.ts';

export type AccountModel = Account;
export type UserModel = User;
export type GroupModel = Group;
export type RoleModel = Role;
export type PolicyModel = Policy;
export type InlinePolicyModel = InlinePolicy;
export type TagModel = Tag;
/** An access key row; its sealed secret is never presented (AccessKeyMetadata has no field for it). */
export type AccessKeyModel = AccessKey;
/** A virtual MFA device row; its sealed seed is never presented. */
export type MfaDeviceModel = MfaDevice;
export type LoginProfileModel = LoginProfile & { userName: string };
export type PasswordPolicyModel = AccountPasswordPolicy;
export interface PolicyVersionModel {
  version: PolicyVersion;
  isDefaultVersion: boolean;
}
export interface BoundaryModel {
  policyId: string;
}

/** One page of a Relay connection. */
export interface Page<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counted on first call only, so pages that do not show the total never count the list. */
  totalCount: () => Promise<number>;
}

// The policy engine's answers, as resolvers receive them: every statement labelled with how its
// policy reached the request (services/access/policy-source.ts).
export type {
  PolicyTypeResult as PolicyTypeResultModel,
  ConditionTrace as ConditionTraceModel,
  EvaluationPolicyType as PolicyTypeModel,
} from '../policy/index.ts';
export type { ValidationFindingModel } from './validation-findings.ts';
export type AccessDecisionModel = Decision<PolicySource>;
export type MatchedStatementModel = MatchedStatement<PolicySource>;
export type StatementTraceModel = StatementTrace<PolicySource>;

// The service catalog (services/catalog): a list item, or a whole service when it was looked up.
export type { AccessLevel as AccessLevelModel, CatalogAction as ServiceActionModel } from './catalog/catalog.ts';
export type ServiceModel = CatalogService | CatalogServiceDetail;

export const versionId = (versionNumber: number) => `v${versionNumber}`;

// An audit trail record (services/audit), as stored.
export type { AuditEvent as AuditEventModel } from '../generated/prisma/client.ts';

// A decision log row (services/decisions), as stored.
export type { DecisionLogEntry as DecisionLogEntryModel } from '../generated/prisma/client.ts';
