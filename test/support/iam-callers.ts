// Signed-in IAM users with exactly the policies a test gives them, for the authorization tests.
import { dataOf, type SendAs, type TestApi } from './api-harness.ts';
import { createLoginUser, signInUser } from './login-users.ts';

export const CALLER_PASSWORD = 'a fine first password';

export const allow = (action: string | string[], resource: string | string[] = '*', condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});

/** Creates `userName` with a login profile in the account of `as` and returns its session token. */
export async function iamCaller(api: TestApi, userName: string, as?: SendAs, accountId = as?.accountId ?? api.accountId): Promise<string> {
  await createLoginUser(api, userName, CALLER_PASSWORD, as);
  return dataOf(await signInUser(api, accountId, userName, CALLER_PASSWORD)).signIn.sessionToken as string;
}

/** Gives `userName` the inline policy `name` (replacing it), as the account's root. */
export async function putPolicy(api: TestApi, userName: string, document: unknown, name = 'granted', as?: SendAs): Promise<void> {
  const put = 'mutation($input: PutUserPolicyInput!) { putUserPolicy(input: $input) { __typename } }';
  dataOf(await api.gql(put, { input: { userName, policyName: name, policyDocument: document } }, as));
}

/**
 * A digest of every row of every table an API call could write, to show that a denied one wrote
 * nothing. The audit trail and the decision log are left out: recording the denial is what they
 * are for (their own tests check what is added).
 */
export async function tableDigests(api: TestApi): Promise<Record<string, string>> {
  const rows = await api.prisma.$queryRawUnsafe<Array<{ table_name: string }>>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'Session', 'CredentialsEpoch', 'SignInLockout', 'SignInThrottle', 'AuditEvent', 'AuditChainHead', 'DecisionLogEntry') ORDER BY table_name`,
  );
  const digests: Record<string, string> = {};
  for (const { table_name: table } of rows) {
    const [row] = await api.prisma.$queryRawUnsafe<Array<{ d: string | null }>>(`SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS d FROM "${table}" t`);
    digests[table] = `${row!.d}`;
  }
  return digests;
}
