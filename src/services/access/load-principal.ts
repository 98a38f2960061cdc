// The cold path of evaluateAccess: everything stored that applies to a user or role, read in
// one query. Users: their inline and attached policies, the same for each of their groups, and
// their boundary. Roles: their inline and attached policies and boundary. Managed policies
// contribute their default version. Each document is labelled with how it reached the principal
// (policy-source.ts); a managed policy attached to the user and to one of its groups arrives
// twice, once per way, and so is evaluated and explained once per way.
import { formatArn, parseEntityArn, policyArn } from '../../domain/arn.ts';
import { noSuchEntity } from '../../errors.ts';
import type { Policy, PolicyVersion, PrismaClient } from '../../generated/prisma/client.ts';
import { attachedSource, boundarySource, inlineSource, type GroupRef, type PolicySource } from './policy-source.ts';

/** A stored policy document and what identifies it for caching and for explanations. */
export interface StoredDocument {
  /** Immutable for a given text: a policy version id, or an inline policy id and update time. */
  cacheKey: string;
  /** How a decision names it: the managed policy's ARN, or the owner's ARN and inline name. */
  policyId: string;
  text: string;
  /** how the document reached the principal */
  source: PolicySource;
}

export interface PrincipalRecord {
  kind: 'user' | 'role';
  arn: string;
  accountId: string;
  uniqueId: string;
  name: string;
  tags: Array<{ key: string; value: string }>;
  identityDocuments: StoredDocument[];
  boundaryDocument: StoredDocument | undefined;
}

export type PolicyWithVersions = Policy & { versions: PolicyVersion[] };
export type Inline = { id: string; name: string; document: string; updatedAt: Date };

const withVersions = { include: { versions: true } } as const;
const attachedWithVersions = { include: { policy: withVersions } } as const;

export async function loadPrincipal(prisma: PrismaClient, partition: string, accountId: string, principalArn: string): Promise<PrincipalRecord> {
  const arn = parseEntityArn(principalArn);
  if (!arn || (arn.kind !== 'user' && arn.kind !== 'role') || arn.accountId !== accountId || arn.partition !== partition) {
    throw noSuchEntity('principal', principalArn);
  }
  const where = { accountId_nameKey: { accountId, nameKey: arn.name.toLowerCase() } };
  const attached = (policy: PolicyWithVersions, group?: GroupRef) =>
    managedDocument(partition, policy, (arn) => attachedSource(arn, policy.name, group));
  const boundary = (policy: PolicyWithVersions | null) =>
    policy ? managedDocument(partition, policy, (arn) => boundarySource(arn, policy.name)) : undefined;
  if (arn.kind === 'user') {
    const user = await prisma.user.findUnique({
      where,
      include: {
        tags: true,
        inlinePolicies: true,
        attachments: attachedWithVersions,
        permissionsBoundary: withVersions,
        memberships: { include: { group: { include: { inlinePolicies: true, attachments: attachedWithVersions } } } },
      },
    });
    if (!user || user.path !== arn.path) throw noSuchEntity('principal', principalArn);
    const userArn = formatArn(partition, accountId, 'user', user.path, user.name);
    const groupDocuments = user.memberships.flatMap(({ group }) => {
      const ref: GroupRef = { name: group.name, arn: formatArn(partition, accountId, 'group', group.path, group.name) };
      return [...group.inlinePolicies.map((p) => inlineDocument(ref.arn, p, ref)), ...group.attachments.map((a) => attached(a.policy, ref))];
    });
    return {
      kind: 'user',
      arn: userArn,
      accountId,
      uniqueId: user.id,
      name: user.name,
      tags: user.tags.map(({ key, value }) => ({ key, value })),
      identityDocuments: [...user.inlinePolicies.map((p) => inlineDocument(userArn, p, 'user')), ...user.attachments.map((a) => attached(a.policy)), ...groupDocuments],
      boundaryDocument: boundary(user.permissionsBoundary),
    };
  }
  const role = await prisma.role.findUnique({
    where,
    include: { tags: true, inlinePolicies: true, attachments: attachedWithVersions, permissionsBoundary: withVersions },
  });
  if (!role || role.path !== arn.path) throw noSuchEntity('principal', principalArn);
  const roleArn = formatArn(partition, accountId, 'role', role.path, role.name);
  return {
    kind: 'role',
    arn: roleArn,
    accountId,
    uniqueId: role.id,
    name: role.name,
    tags: role.tags.map(({ key, value }) => ({ key, value })),
    identityDocuments: [...role.inlinePolicies.map((p) => inlineDocument(roleArn, p, 'role')), ...role.attachments.map((a) => attached(a.policy))],
    boundaryDocument: boundary(role.permissionsBoundary),
  };
}

export function inlineDocument(ownerArn: string, inline: Inline, owner: 'user' | 'role' | GroupRef): StoredDocument {
  return {
    cacheKey: `inline:${inline.id}:${inline.updatedAt.getTime()}:${ownerArn}`,
    policyId: `${ownerArn}#${inline.name}`,
    text: inline.document,
    source: inlineSource(inline.name, owner),
  };
}

export function managedDocument(partition: string, policy: PolicyWithVersions, source: (policyArn: string) => PolicySource): StoredDocument {
  const version = policy.versions.find((candidate) => candidate.versionNumber === policy.defaultVersionNumber);
  if (!version) throw new Error(`policy ${policy.id} has no default version row`);
  const arn = policyArn(partition, policy);
  // AWS labels its own managed policies `aws-managed`, the account's `user-managed`.
  const labelled = policy.awsManaged ? { ...source(arn), sourcePolicyType: 'AWS_MANAGED' as const } : source(arn);
  return { cacheKey: `version:${version.id}`, policyId: arn, text: version.document, source: labelled };
}
