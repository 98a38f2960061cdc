// IAM ARNs: arn:<partition>:iam::<account>:<kind><path><name>.
import type { EntityKind } from './iam-ids.ts';

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

export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

const ENTITY_ARN = /^arn:([a-z][a-z0-9-]*):iam::(\d{12}):(user|group|role|policy)(\/(?:[^/]+\/)*)([^/]+)$/;

/** Parses an IAM user, group, role or policy ARN; undefined when it is not one. */
export function parseEntityArn(arn: string): EntityArn | undefined {
  const match = ENTITY_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, accountId, kind, path, name] = match as unknown as [string, string, string, EntityKind, string, string];
  return { partition, accountId, kind, path, name };
}
