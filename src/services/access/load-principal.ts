// The cold path of evaluateAccess: everything stored that applies to a user or role, read in
// one query. Users: their inline and attached policies, the same for each of their groups, and
// their boundary. Roles: their inline and attached policies and boundary. Managed policies
// contribute their default version.
import { formatArn, parseEntityArn } from '../../domain/arn.ts';
import { noSuchEntity } from '../../errors.ts';
import type { Policy, PolicyVersion, PrismaClient } from '../../generated/prisma/client.ts';

/** A stored policy document and what identifies it for caching and for explanations. */
export interface StoredDocument {
  /** Immutable for a given text: a policy version id, or an inline policy id and update time. */
  cacheKey: string;
  /** How a decision names it: the managed policy's ARN, or the owner's ARN and inline name. */
  policyId: string;
  text: string;
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

type PolicyWithVersions = Policy & { versions: PolicyVersion[] };
type Inline = { id: string; name: string; document: string; updatedAt: Date };

const withVersions = { include: { versions: true } } as const;
const attachedWithVersions = { include: { policy: withVersions } } as const;

export async function loadPrincipal(prisma: PrismaClient, partition: string, accountId: string, principalArn: string): Promise<PrincipalRecord> {
  const arn = parseEntityArn(principalArn);
  if (!arn || (arn.kind !== 'user' && arn.kind !== 'role') || arn.accountId !== accountId || arn.partition !== partition) {
    throw noSuchEntity('principal', principalArn);
  }
  const where = { accountId_nameKey: { accountId, nameKey: arn.name.toLowerCase() } };
  const managed = (policy: PolicyWithVersions) => defaultVersionDocument(partition, policy);
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
      const groupArn = formatArn(partition, accountId, 'group', group.path, group.name);
      return [...group.inlinePolicies.map((p) => inlineDocument(groupArn, p)), ...group.attachments.map((a) => managed(a.policy))];
    });
    return {
      kind: 'user',
      arn: userArn,
      accountId,
      uniqueId: user.id,
      name: user.name,
      tags: user.tags.map(({ key, value }) => ({ key, value })),
      identityDocuments: [...user.inlinePolicies.map((p) => inlineDocument(userArn, p)), ...user.attachments.map((a) => managed(a.policy)), ...groupDocuments],
      boundaryDocument: user.permissionsBoundary ? managed(user.permissionsBoundary) : undefined,
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
    identityDocuments: [...role.inlinePolicies.map((p) => inlineDocument(roleArn, p)), ...role.attachments.map((a) => managed(a.policy))],
    boundaryDocument: role.permissionsBoundary ? managed(role.permissionsBoundary) : undefined,
  };
}

function inlineDocument(ownerArn: string, inline: Inline): StoredDocument {
  return { cacheKey: `inline:${inline.id}:${inline.updatedAt.getTime()}:${ownerArn}`, policyId: `${ownerArn}#${inline.name}`, text: inline.document };
}

function defaultVersionDocument(partition: string, policy: PolicyWithVersions): StoredDocument {
  const version = policy.versions.find((candidate) => candidate.versionNumber === policy.defaultVersionNumber);
  if (!version) throw new Error(`policy ${policy.id} has no default version row`);
  return { cacheKey: `version:${version.id}`, policyId: formatArn(partition, policy.accountId, 'policy', policy.path, policy.name), text: version.document };
}
