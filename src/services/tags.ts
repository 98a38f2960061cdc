// Tags on users, roles and managed policies: at most 50 per resource, keys unique ignoring case.
import { limitExceeded } from '../errors.ts';
import { checkTags, type TagInput } from '../domain/validate-names.ts';
import type { Tx } from './scope.ts';

export const MAX_TAGS = 50;
export type TagOwner = { userId: string } | { roleId: string } | { policyId: string };

/** Adds tags or replaces the values of existing keys. The owner's row must be locked. */
export async function writeTags(tx: Tx, owner: TagOwner, field: string, tags: readonly TagInput[]): Promise<void> {
  const checked = checkTags(field, tags);
  if (checked.length === 0) return;
  const existing = await tx.tag.findMany({ where: owner, select: { keyLower: true } });
  const keys = new Set(existing.map((tag) => tag.keyLower));
  for (const tag of checked) keys.add(tag.key.toLowerCase());
  if (keys.size > MAX_TAGS) throw limitExceeded(`a resource may have at most ${MAX_TAGS} tags`);
  await tx.tag.deleteMany({ where: { ...owner, keyLower: { in: checked.map((tag) => tag.key.toLowerCase()) } } });
  await tx.tag.createMany({
    data: checked.map((tag) => ({ ...owner, key: tag.key, keyLower: tag.key.toLowerCase(), value: tag.value })),
  });
}

/** Removes tags by key (ignoring case); unknown keys are ignored, as in IAM. */
export async function removeTags(tx: Tx, owner: TagOwner, tagKeys: readonly string[]): Promise<void> {
  await tx.tag.deleteMany({ where: { ...owner, keyLower: { in: tagKeys.map((key) => key.toLowerCase()) } } });
}
