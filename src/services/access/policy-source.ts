// How a policy reached a request: the label each policy carries through the engine (see
// labelPolicy), so that every matched statement and every trace entry can say whether it came
// from the principal itself, from one of its groups (which one), from its permissions boundary,
// or with the request. The engine never reads it.

/** The way a policy applies to the request. */
export type PolicySourceKind =
  | 'ATTACHED_TO_PRINCIPAL'
  | 'INLINE_ON_PRINCIPAL'
  | 'ATTACHED_TO_GROUP'
  | 'INLINE_ON_GROUP'
  | 'PERMISSIONS_BOUNDARY'
  | 'SUPPLIED_IDENTITY_POLICY'
  | 'RESOURCE_POLICY'
  | 'SESSION_POLICY'
  | 'SERVICE_CONTROL_POLICY';

/** AWS SimulatePrincipalPolicy's `MatchedStatements[].SourcePolicyType`, as an enum. */
export type SourcePolicyType = 'USER' | 'GROUP' | 'ROLE' | 'AWS_MANAGED' | 'USER_MANAGED' | 'RESOURCE' | 'NONE';

export interface PolicySource {
  kind: PolicySourceKind;
  sourcePolicyType: SourcePolicyType;
  /** managed policies (attached or as the boundary) */
  policyArn: string | null;
  /** stored policies: the managed policy's or the inline policy's name */
  policyName: string | null;
  /** policies that arrived through a group */
  groupName: string | null;
  groupArn: string | null;
  /** documents supplied with the request: the argument they came in, e.g. `inputs[3].resourcePolicy` */
  inputField: string | null;
}

export interface GroupRef {
  name: string;
  arn: string;
}

const NONE = { policyArn: null, policyName: null, groupName: null, groupArn: null, inputField: null } as const;

/** A managed policy attached to the principal, or to `group` when given: the account's own (AWS: user-managed); managedDocument relabels a built-in one AWS_MANAGED. */
export function attachedSource(policyArn: string, policyName: string, group?: GroupRef): PolicySource {
  return group
    ? { ...NONE, kind: 'ATTACHED_TO_GROUP', sourcePolicyType: 'USER_MANAGED', policyArn, policyName, groupName: group.name, groupArn: group.arn }
    : { ...NONE, kind: 'ATTACHED_TO_PRINCIPAL', sourcePolicyType: 'USER_MANAGED', policyArn, policyName };
}

/** An inline policy of the principal (a user or a role) or of one of its groups. */
export function inlineSource(policyName: string, owner: 'user' | 'role' | GroupRef): PolicySource {
  if (typeof owner === 'string') {
    return { ...NONE, kind: 'INLINE_ON_PRINCIPAL', sourcePolicyType: owner === 'user' ? 'USER' : 'ROLE', policyName };
  }
  return { ...NONE, kind: 'INLINE_ON_GROUP', sourcePolicyType: 'GROUP', policyName, groupName: owner.name, groupArn: owner.arn };
}

/** The managed policy set as the principal's permissions boundary. */
export function boundarySource(policyArn: string, policyName: string): PolicySource {
  return { ...NONE, kind: 'PERMISSIONS_BOUNDARY', sourcePolicyType: 'USER_MANAGED', policyArn, policyName };
}

/** A document that came with the request, in the argument `inputField` (AWS: `none`, or `resource`). */
export function suppliedSource(
  kind: 'SUPPLIED_IDENTITY_POLICY' | 'PERMISSIONS_BOUNDARY' | 'RESOURCE_POLICY' | 'SESSION_POLICY' | 'SERVICE_CONTROL_POLICY',
  inputField: string,
): PolicySource {
  return { ...NONE, kind, sourcePolicyType: kind === 'RESOURCE_POLICY' ? 'RESOURCE' : 'NONE', inputField };
}
