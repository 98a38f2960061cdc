// Setup that several API test files share: the documents they use when the document itself is
// not what a test is about, and creators for entities a test needs to exist before it starts.
// The creators go through the API (not Prisma) so each entity is made exactly as a client makes
// it, and they fail the test at once (through `dataOf`) if making it did not work.
import { expect } from 'vitest';
import { dataOf, type TestApi } from './api-harness.ts';

/** A minimal valid identity policy: allows s3:GetObject on everything. */
export const IDENTITY_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

/** A minimal valid role trust policy: lets EC2 assume the role. */
export const EC2_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** A valid identity policy whose serialized form has exactly `size` characters, none whitespace. */
export function docOfSize(size: number, fill = 'a'): Record<string, unknown> {
  const make = (k: number) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${fill.repeat(k)}` }] });
  const base = JSON.stringify(make(1)).length - 1;
  const doc = make(size - base);
  // Size-quota tests are only as exact as this, so check it rather than trust the arithmetic.
  expect(JSON.stringify(doc).length).toBe(size);
  return doc;
}

/** The ARN of the managed policy `name` at `path` in the API's own account. */
export function policyArn(api: TestApi, name: string, path = '/'): string {
  return `arn:aws:iam::${api.accountId}:policy${path}${name}`;
}

/** Creates a managed policy (by default IDENTITY_DOC at path `/`) and returns its ARN. */
export async function createPolicy(api: TestApi, name: string, options: { document?: unknown; path?: string } = {}): Promise<string> {
  const { document = IDENTITY_DOC, path = '/' } = options;
  const data = dataOf(
    await api.gql<{ createPolicy: { policy: { arn: string } } }>(
      `mutation($n: String!, $path: String, $doc: JSON!) { createPolicy(input: {policyName: $n, path: $path, policyDocument: $doc}) { policy { arn } } }`,
      { n: name, path, doc: document },
    ),
  );
  return data.createPolicy.policy.arn;
}

/** Creates a user with no path, tags or boundary and returns its ARN. */
export async function createUser(api: TestApi, name: string): Promise<string> {
  const data = dataOf(await api.gql<{ createUser: { user: { arn: string } } }>(`mutation($n: String!) { createUser(input: {userName: $n}) { user { arn } } }`, { n: name }));
  return data.createUser.user.arn;
}

/** Creates a group with no path and returns its ARN. */
export async function createGroup(api: TestApi, name: string): Promise<string> {
  const data = dataOf(await api.gql<{ createGroup: { group: { arn: string } } }>(`mutation($n: String!) { createGroup(input: {groupName: $n}) { group { arn } } }`, { n: name }));
  return data.createGroup.group.arn;
}

/** Creates a role trusting `trust` (by default EC2_TRUST) and returns its ARN. */
export async function createRole(api: TestApi, name: string, trust: unknown = EC2_TRUST): Promise<string> {
  const data = dataOf(
    await api.gql<{ createRole: { role: { arn: string } } }>(
      `mutation($n: String!, $doc: JSON!) { createRole(input: {roleName: $n, assumeRolePolicyDocument: $doc}) { role { arn } } }`,
      { n: name, doc: trust },
    ),
  );
  return data.createRole.role.arn;
}
