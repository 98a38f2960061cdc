// The real Apollo Client with its default cache (no typePolicies): it normalises objects by
// `__typename` and `id`, so a rename seen by one query shows in every cached query, and
// versions of different policies never collide.
import { gql, type ApolloClient } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, usersWithCreateDay } from '../../client/examples/apollo-client.ts';
import { UsersDocument } from '../../client/generated/graphql.ts';
import { startTestApi, type TestApi } from '../support/api-harness.ts';
import { createPolicy, createUser } from '../support/fixtures.ts';

let api: TestApi;
let client: ApolloClient;
beforeAll(async () => {
  api = await startTestApi();
  client = createClient(api.url, api.token);
});
afterAll(async () => api?.stop());

interface UsersData { users: { nodes: { id: string; userName: string }[] } }
interface VersionsData { a: PolicyWithVersion | null; b: PolicyWithVersion | null }
interface PolicyWithVersion { id: string; defaultVersion: { id: string; versionId: string; document: unknown } }

const USERS = gql`
  query Users {
    users(pathPrefix: "/") { nodes { id userName } }
  }
`;
const RENAME = gql`
  mutation Rename($input: UpdateUserInput!) {
    updateUser(input: $input) { user { id userName } }
  }
`;

describe('Apollo Client, default InMemoryCache', () => {
  it('shows a rename in a list it cached before', async () => {
    await createUser(api, 'ac-before');
    const first = await client.query<UsersData>({ query: USERS });
    expect(first.data?.users.nodes.map((u) => u.userName)).toContain('ac-before');
    await client.mutate({ mutation: RENAME, variables: { input: { userName: 'ac-before', newUserName: 'ac-after' } } });
    const cached = await client.query<UsersData>({ query: USERS, fetchPolicy: 'cache-only' });
    const names = cached.data?.users.nodes.map((u) => u.userName);
    expect(names).toContain('ac-after');
    expect(names).not.toContain('ac-before');
  });

  it('keeps the v1 of one policy apart from the v1 of another', async () => {
    const one = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    const two = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] };
    await createPolicy(api, 'ac-one', { document: one });
    await createPolicy(api, 'ac-two', { document: two });
    const query = gql`
      query Versions($a: String!, $b: String!) {
        a: policy(policyArn: $a) { id defaultVersion { id versionId document } }
        b: policy(policyArn: $b) { id defaultVersion { id versionId document } }
      }
    `;
    const arn = (name: string) => `arn:aws:iam::${api.accountId}:policy/${name}`;
    const result = await client.query<VersionsData>({ query, variables: { a: arn('ac-one'), b: arn('ac-two') } });
    expect(result.data?.a?.defaultVersion.versionId).toBe('v1');
    expect(result.data?.b?.defaultVersion.versionId).toBe('v1');
    expect(result.data?.a?.defaultVersion.document).toEqual(one);
    expect(result.data?.b?.defaultVersion.document).toEqual(two);
  });

  it('types a query by its generated document, as the README shows', async () => {
    await createUser(api, 'ac-typed');
    const result = await client.query({ query: UsersDocument, variables: { first: 100 } });
    expectTypeOf(result.data!.users!.nodes[0]!.createDate).toEqualTypeOf<string>();
    expect(result.data?.users?.nodes.map((u) => u.userName)).toContain('ac-typed');
    const days = await usersWithCreateDay(createClient(api.url, api.token));
    expect(days.find((u) => u.userName === 'ac-typed')?.day).toMatch(/^\d{4}-\d\d-\d\d$/);
  });
});
