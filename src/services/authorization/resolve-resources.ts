// The ARN of each check's resource. An entity named by name has its path in its ARN, so it is
// looked up (one indexed read), except the caller itself; one that does not exist gets the ARN
// it would have at path `/`, so a caller learns nothing from a denial about what exists.
import type { Caller } from '../../auth/caller.ts';
import type { Check, ResourceRef } from '../../authorization/targets.ts';
import { formatArn, MAX_ARN_LENGTH } from '../../domain/arn.ts';
import type { Scope } from '../scope.ts';
import { ACCESS_KEY_ID } from '../../auth/access-key-credentials.ts';

export async function resolveResources(scope: Scope, caller: Caller, checks: readonly Check[]): Promise<string[]> {
  const resolved = new Map<string, Promise<string>>();
  return Promise.all(
    checks.map(({ resource }) => {
      const key = 'arn' in resource ? `arn:${resource.arn}` : 'accessKeyOwner' in resource ? `key:${resource.accessKeyOwner}` : `${resource.entity}:${resource.name.toLowerCase()}`;
      let arn = resolved.get(key);
      if (!arn) resolved.set(key, (arn = resolveOne(scope, caller, resource)));
      return arn;
    }),
  );
}

async function resolveOne(scope: Scope, caller: Caller, resource: ResourceRef): Promise<string> {
  if ('arn' in resource) return resource.arn;
  if ('accessKeyOwner' in resource) return keyOwnerArn(scope, resource.accessKeyOwner);
  const { entity, name } = resource;
  // Too long to be a name: no read, and an ARN no policy matches but `*`; the field refuses the name.
  if (name.length > MAX_ARN_LENGTH) return formatArn(scope.partition, scope.accountId, entity, '/', name.slice(0, 128));
  if (entity === 'user' && caller.type === 'User' && caller.userName?.toLowerCase() === name.toLowerCase()) return caller.arn;
  const where = { accountId_nameKey: { accountId: scope.accountId, nameKey: name.toLowerCase() } };
  const select = { path: true, name: true } as const;
  const found = scope.named
    ? await scope.named.find(entity, name)
    : entity === 'user'
      ? await scope.prisma.user.findUnique({ where, select })
      : entity === 'group'
        ? await scope.prisma.group.findUnique({ where, select })
        : await scope.prisma.role.findUnique({ where, select });
  return formatArn(scope.partition, scope.accountId, entity, found?.path ?? '/', found?.name ?? name);
}

// A key of no user of this account (unknown, or another account's) is asked as `user/` with no
// name: only a grant on every user (`user/*`, `*`) covers it, so a denial tells nothing either way.
async function keyOwnerArn(scope: Scope, accessKeyId: string): Promise<string> {
  const key = ACCESS_KEY_ID.test(accessKeyId)
    ? await scope.prisma.accessKey.findFirst({ where: { id: accessKeyId, user: { accountId: scope.accountId } }, select: { user: { select: { path: true, name: true } } } })
    : null;
  return key ? formatArn(scope.partition, scope.accountId, 'user', key.user.path, key.user.name) : formatArn(scope.partition, scope.accountId, 'user', '/', '');
}
