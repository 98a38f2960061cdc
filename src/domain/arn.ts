// IAM ARNs: arn:<partition>:iam::<account>:<kind><path><name>.
import { AWS_MANAGED_ACCOUNT } from './builtin-policies.ts';
import type { EntityKind } from './iam-ids.ts';

/** AWS's longest ARN (IAM, STS and the access APIs refuse longer ones). */
export const MAX_ARN_LENGTH = 2048;

// arn:partition:service:region:account:resource; region and account may be empty (`arn:aws:s3:::b`).
const ANY_ARN = /^arn:[a-z][a-z0-9-]*:[a-z0-9-]+:[^:]*:[^:]*:./s;

/** Whether `value` has the shape of an ARN of any service and is not too long. */
export function isArn(value: string): boolean {
  return value.length <= MAX_ARN_LENGTH && ANY_ARN.test(value);
}

export interface EntityArn {
  partition: string;
  accountId: string;
  kind: EntityKind;
  path: string;
  name: string;
}

export function formatArn(partition: string, accountId: string, kind: EntityKind, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:${kind}${path}${name}`;
}

/** A managed policy's ARN: a built-in one's account part is `aws` (AWS's own managed policies). */
export function policyArn(partition: string, policy: { accountId: string; awsManaged: boolean; path: string; name: string }): string {
  return formatArn(partition, policy.awsManaged ? AWS_MANAGED_ACCOUNT : policy.accountId, 'policy', policy.path, policy.name);
}

export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

const ENTITY_ARN = /^arn:([a-z][a-z0-9-]*):iam::(\d{12}|aws):(user|group|role|policy)(\/(?:[^/]+\/)*)([^/]+)$/;

/**
 * Parses an IAM user, group, role or policy ARN; undefined when it is not one (or too long). A
 * built-in policy's account part is `aws` (AWS_MANAGED_ACCOUNT); no other entity has one.
 */
export function parseEntityArn(arn: string): EntityArn | undefined {
  if (arn.length > MAX_ARN_LENGTH) return undefined;
  const match = ENTITY_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, accountId, kind, path, name] = match as unknown as [string, string, string, EntityKind, string, string];
  if (accountId === AWS_MANAGED_ACCOUNT && kind !== 'policy') return undefined;
  return { partition, accountId, kind, path, name };
}

/** A virtual MFA device's serial number: `arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME` (AWS caps it at 256 characters). */
export function mfaSerialNumber(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:mfa${path}${name}`;
}

export const MAX_MFA_SERIAL_LENGTH = 256;
