// Resolver types generated from schema.graphql (npm run generate; also on install), so a
// resolver that drifts from the schema fails `tsc`. Mappers name the domain objects that
// resolvers receive as parents.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { ENUM_VALUES } from './src/graphql/enum-values.ts';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        importExtension: '.ts',
        contextType: '../context.ts#RequestContext',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { JSON: 'unknown', DateTime: 'Date' },
        // Resolvers see the inner values that Apollo maps these enums to. (The mappers name the
        // same types again: given only enumValues, the plugin types these enums' results as null.)
        enumValues: ENUM_VALUES,
        mappers: {
          ...Object.fromEntries(Object.keys(ENUM_VALUES).map((name) => [name, name])),
          Account: '../services/models.ts#AccountModel',
          User: '../services/models.ts#UserModel',
          Group: '../services/models.ts#GroupModel',
          Role: '../services/models.ts#RoleModel',
          Policy: '../services/models.ts#PolicyModel',
          PolicyVersion: '../services/models.ts#PolicyVersionModel',
          PolicyAttachments: '../services/models.ts#PolicyModel',
          InlinePolicy: '../services/models.ts#InlinePolicyModel',
          Tag: '../services/models.ts#TagModel',
          AttachedPermissionsBoundary: '../services/models.ts#BoundaryModel',
          UserConnection: '../services/models.ts#Page<UserModel>',
          GroupConnection: '../services/models.ts#Page<GroupModel>',
          RoleConnection: '../services/models.ts#Page<RoleModel>',
          PolicyConnection: '../services/models.ts#Page<PolicyModel>',
          AccessDecision: '../services/models.ts#AccessDecisionModel',
          MatchedStatement: '../services/models.ts#MatchedStatementModel',
          PolicyTypeResult: '../services/models.ts#PolicyTypeResultModel',
          StatementTrace: '../services/models.ts#StatementTraceModel',
          ConditionTrace: '../services/models.ts#ConditionTraceModel',
          ValidationFinding: '../services/models.ts#ValidationFindingModel',
          AccessKeyMetadata: '../services/models.ts#AccessKeyModel',
          MFADevice: '../services/models.ts#MfaDeviceModel',
          MFADeviceConnection: '../services/models.ts#Page<MfaDeviceModel>',
          LoginProfile: '../services/models.ts#LoginProfileModel',
          PasswordPolicy: '../services/models.ts#PasswordPolicyModel',
          Service: '../services/models.ts#ServiceModel',
          ServiceConnection: '../services/models.ts#Page<ServiceModel>',
          ServiceAction: '../services/models.ts#ServiceActionModel',
          AccessFilter: '../services/permissions/permission-models.ts#AccessFilterModel',
          PermissionClause: '../services/permissions/permission-models.ts#PermissionClauseModel',
          PrincipalAccess: '../services/permissions/permission-models.ts#PrincipalAccessModel',
          GroupGrant: '../services/permissions/permission-models.ts#GroupGrantModel',
          WhoCan: '../services/permissions/permission-models.ts#WhoCanModel',
          ActionPermission: '../services/permissions/permission-models.ts#ActionPermissionModel',
          ServicePermissionSummary: '../services/permissions/permission-models.ts#ServiceSummaryModel',
          PrincipalPermissions: '../services/permissions/permission-models.ts#PrincipalPermissionsModel',
          MyPermission: '../services/permissions/permission-models.ts#MyPermissionModel',
          AuditEvent: '../services/models.ts#AuditEventModel',
          AuditEventConnection: '../services/models.ts#Page<AuditEventModel>',
          DecisionLogEntry: '../services/models.ts#DecisionLogEntryModel',
          DecisionLogEntryConnection: '../services/models.ts#Page<DecisionLogEntryModel>',
        },
      },
    },
  },
};
export default config;
