// The management account: the oldest one (src/auth/bootstrap.ts creates it first). It never
// changes once it exists, so it is read once per database client.
import type { PrismaClient } from '../../generated/prisma/client.ts';

const known = new WeakMap<PrismaClient, Promise<string | undefined>>();

export function managementAccountId(prisma: PrismaClient): Promise<string | undefined> {
  let found = known.get(prisma);
  if (!found) {
    found = prisma.account.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } }).then((account) => account?.id);
    // A failed or empty read is not remembered: the next call asks again.
    found.then((id) => id ?? known.delete(prisma), () => known.delete(prisma));
    known.set(prisma, found);
  }
  return found;
}
