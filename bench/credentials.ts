// The bench's credentials: the management root signed in (Bearer), and an IAM user's access key
// whose requests are signed with AWS Signature Version 4 by the AWS SDKs' own signer.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

async function post(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const json = (await response.json()) as { data?: any; errors?: unknown[] };
  if (json.errors) throw new Error(`bench setup failed: ${JSON.stringify(json.errors)}`);
  return json.data;
}

/** `{ authorization: 'Bearer ...' }` of the root, signed in through the API. */
export async function signInRoot(url: string, email: string, password: string): Promise<Record<string, string>> {
  const data = await post(url, {}, 'mutation($i: SignInInput!) { signIn(input: $i) { sessionToken } }', { i: { email, password } });
  return { authorization: `Bearer ${data.signIn.sessionToken}` };
}

/**
 * A user of its own with an access key, created through the API with `bearer`. The API
 * authorizes itself (issue 9), so the user is allowed iam:SimulatePrincipalPolicy on
 * `simulated`, the one call it signs besides `{ __typename }`.
 */
export async function createSigningKey(url: string, bearer: Record<string, string>, simulated: string): Promise<AccessKeyPair> {
  await post(url, bearer, 'mutation { createUser(input: {userName: "bench-signer"}) { user { userId } } }');
  const policyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: simulated }] };
  await post(url, bearer, 'mutation($i: PutUserPolicyInput!) { putUserPolicy(input: $i) { __typename } }', { i: { userName: 'bench-signer', policyName: 'bench', policyDocument } });
  const data = await post(url, bearer, 'mutation { createAccessKey(input: {userName: "bench-signer"}) { accessKey { accessKeyId secretAccessKey } } }');
  return data.createAccessKey.accessKey;
}

/**
 * The headers of a POST of `body` to `url` signed now. autocannon replays one fixed request, so
 * the signature is made once per run: fine for a run of seconds, as the server accepts a
 * signature for 5 minutes either side of its clock.
 */
export async function signedHeaders(url: string, body: string, key: AccessKeyPair, region = 'us-east-1'): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'iam', region, credentials: key, sha256: Sha256 });
  const request = new HttpRequest({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    headers: { host: target.host, 'content-type': 'application/json' },
    body,
  });
  return (await signer.sign(request)).headers as Record<string, string>;
}
