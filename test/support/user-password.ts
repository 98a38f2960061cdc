// Gives a test user a console password directly in the database. STOPGAP: createLoginProfile is
// being built on another branch (i8-passwords); once it is merged, tests should call it through
// the API instead and this file should go.
import { testPasswordHasher, type TestApi } from './api-harness.ts';

export async function giveUserPassword(api: TestApi, userName: string, password: string, accountId = api.accountId): Promise<void> {
  const user = await api.prisma.user.findUniqueOrThrow({ where: { accountId_nameKey: { accountId, nameKey: userName.toLowerCase() } } });
  await api.prisma.loginProfile.create({ data: { userId: user.id, passwordHash: await testPasswordHasher().hash(password) } });
}
