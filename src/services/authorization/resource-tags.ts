// aws:ResourceTag/<key> of a call's targets, as AWS sets them for IAM's taggable resources
// (users, roles, customer managed policies). They are read only for a caller whose policies
// mention the key: everyone else pays nothing for them, and those who do pay one statement for
// all the targets of a call.
import { parseEntityArn } from '../../domain/arn.ts';
import type { PrincipalRecord } from '../access/load-principal.ts';
import type { CallerContextEntry } from '../access/principal-context.ts';
import type { Scope } from '../scope.ts';

const MENTIONS_RESOURCE_TAG = /aws:ResourceTag\//i;
const mentions = new WeakMap<PrincipalRecord, boolean>();

/** Whether any of the principal's policies (its boundary included) names aws:ResourceTag/; kept per loaded record. */
export function usesResourceTags(record: PrincipalRecord): boolean {
  let found = mentions.get(record);
  if (found === undefined) {
    const documents = [...record.identityDocuments, ...(record.boundaryDocument ? [record.boundaryDocument] : [])];
    found = documents.some((document) => MENTIONS_RESOURCE_TAG.test(document.text));
    mentions.set(record, found);
  }
  return found;
}

type TagRow = { kind: 'user' | 'role' | 'policy'; path: string; name: string; key: string; value: string };

/** The aws:ResourceTag/* keys of each ARN of this account that names a user, role or policy (none for the rest, or a missing one). */
export async function resourceTagKeys(scope: Scope, arns: readonly string[]): Promise<Map<string, CallerContextEntry[]>> {
  const names = { user: new Set<string>(), role: new Set<string>(), policy: new Set<string>() };
  for (const arn of arns) {
    const parsed = parseEntityArn(arn);
    if (parsed && parsed.accountId === scope.accountId && parsed.kind !== 'group') names[parsed.kind].add(parsed.name.toLowerCase());
  }
  const keys = new Map<string, CallerContextEntry[]>();
  if (!names.user.size && !names.role.size && !names.policy.size) return keys;
  const rows = await scope.prisma.$queryRaw<TagRow[]>`
    SELECT 'user' AS kind, e."path", e."name", t."key", t."value" FROM "Tag" t JOIN "User" e ON e."id" = t."userId"
      WHERE e."accountId" = ${scope.accountId} AND e."nameKey" = ANY(${[...names.user]}::varchar[])
    UNION ALL
    SELECT 'role', e."path", e."name", t."key", t."value" FROM "Tag" t JOIN "Role" e ON e."id" = t."roleId"
      WHERE e."accountId" = ${scope.accountId} AND e."nameKey" = ANY(${[...names.role]}::varchar[])
    UNION ALL
    SELECT 'policy', e."path", e."name", t."key", t."value" FROM "Tag" t JOIN "Policy" e ON e."id" = t."policyId"
      WHERE e."accountId" = ${scope.accountId} AND e."nameKey" = ANY(${[...names.policy]}::varchar[])`;
  for (const row of rows) {
    // the ARN as given must be the entity's own, path included
    const arn = `arn:${scope.partition}:iam::${scope.accountId}:${row.kind}${row.path}${row.name}`;
    const entries = keys.get(arn) ?? [];
    entries.push({ key: `aws:ResourceTag/${row.key}`, values: [row.value] });
    keys.set(arn, entries);
  }
  return keys;
}
