// Gives a test user a console password through the API (createLoginProfile), as an administrator would.
import { dataOf, type TestApi } from './api-harness.ts';

export async function giveUserPassword(api: TestApi, userName: string, password: string, accountId = api.accountId): Promise<void> {
  const as = accountId === api.accountId ? undefined : { accountId };
  dataOf(await api.gql('mutation($u: String!, $p: String!) { createLoginProfile(input: {userName: $u, password: $p}) { loginProfile { userName } } }', { u: userName, p: password }, as));
}
