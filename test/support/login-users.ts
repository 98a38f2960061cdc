// IAM users that sign in with a password, for the password tests: the operations they use and a
// helper that creates a user with a login profile through the API.
import { dataOf, type SendAs, type TestApi } from './api-harness.ts';

export const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { userName } } }';
export const CREATE_LOGIN_PROFILE =
  'mutation($input: CreateLoginProfileInput!) { createLoginProfile(input: $input) { loginProfile { userName createDate passwordResetRequired } } }';
export const UPDATE_LOGIN_PROFILE =
  'mutation($input: UpdateLoginProfileInput!) { updateLoginProfile(input: $input) { loginProfile { userName createDate passwordResetRequired } } }';
export const DELETE_LOGIN_PROFILE = 'mutation($input: DeleteLoginProfileInput!) { deleteLoginProfile(input: $input) { userName } }';
export const CHANGE_PASSWORD = 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { revokedSessionCount } }';
export const SIGN_IN = 'mutation($input: SignInInput!) { signIn(input: $input) { sessionToken expiration passwordResetRequired } }';
export const UPDATE_POLICY =
  'mutation($input: UpdateAccountPasswordPolicyInput!) { updateAccountPasswordPolicy(input: $input) { passwordPolicy { minimumPasswordLength allowUsersToChangePassword passwordReusePrevention maxPasswordAge expirePasswords hardExpiry } } }';
export const DELETE_POLICY = 'mutation { deleteAccountPasswordPolicy { deleted } }';
export const CALLER = '{ callerIdentity { arn } }';

/** Creates `userName` with a login profile in the account `as` acts in (the management account by default). */
export async function createLoginUser(api: TestApi, userName: string, password: string, as?: SendAs, passwordResetRequired = false): Promise<void> {
  dataOf(await api.gql(CREATE_USER, { input: { userName } }, as));
  dataOf(await api.gql(CREATE_LOGIN_PROFILE, { input: { userName, password, passwordResetRequired } }, as));
}

/** The answer to signIn as an IAM user of `account` (its id or alias), sent without a credential. */
export function signInUser(api: TestApi, account: string, userName: string, password: string) {
  return api.gql(SIGN_IN, { input: { account, userName, password } }, { anonymous: true });
}

/** The HTTP status of a request sent with `token`, and its first error code. */
export async function statusWith(api: TestApi, token: string, query = CALLER): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...api.authHeaders({ token }) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code };
}
