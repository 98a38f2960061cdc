// The real graphql-request against the real server, with the TypedDocumentNodes that
// `npm run codegen:client` writes from client/operations (generated on install, like src/generated).
import { ClientError, GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { signedInClient, usersAndAccess } from '../../client/examples/graphql-request.ts';
import {
  AttachUserPolicyDocument, CreatePolicyDocument, CreateUserDocument, EvaluateAccessDocument, UsersDocument, ValidatePolicyDocument, type JsonValue,
} from '../../client/generated/graphql.ts';
import { startTestApi, TEST_ROOT_EMAIL, TEST_ROOT_PASSWORD, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let client: GraphQLClient;
beforeAll(async () => {
  api = await startTestApi();
  client = await signedInClient(api.url, TEST_ROOT_EMAIL, TEST_ROOT_PASSWORD);
});
afterAll(async () => api?.stop());

const READ = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };

describe('graphql-request with generated documents', () => {
  it('creates and lists with typed results: DateTime as text, ids', async () => {
    const { createUser } = await client.request(CreateUserDocument, { input: { userName: 'alice', path: '/dev/' } });
    expectTypeOf(createUser!.user.createDate).toEqualTypeOf<string>();
    expect(createUser!.user.createDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const { users } = await client.request(UsersDocument, { pathPrefix: '/dev/' });
    expect(users!.nodes.map((user) => [user.id, user.userName])).toEqual([[createUser!.user.id, 'alice']]);
    expect(users!.pageInfo.hasNextPage).toBe(false);
  });

  it('sends and receives JSON and enums as their types say', async () => {
    const { createPolicy } = await client.request(CreatePolicyDocument, { input: { policyName: 'GrRead', policyDocument: READ } });
    expectTypeOf(createPolicy!.policy.defaultVersion.document).toEqualTypeOf<JsonValue>();
    expect(createPolicy!.policy.defaultVersion.document).toEqual(READ);
    const { validatePolicy } = await client.request(ValidatePolicyDocument, { document: READ, policyType: 'IDENTITY_POLICY' });
    expect(validatePolicy!.findings).toEqual([]);
    const { attachUserPolicy } = await client.request(AttachUserPolicyDocument, { userName: 'alice', policyArn: createPolicy!.policy.arn });
    expect(attachUserPolicy!.user.attachedPolicies!.map((policy) => policy.arn)).toEqual([createPolicy!.policy.arn]);
    const { evaluateAccess } = await client.request(EvaluateAccessDocument, {
      input: { principal: `arn:aws:iam::${api.accountId}:user/dev/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
    });
    expectTypeOf(evaluateAccess!.decision).toEqualTypeOf<'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY'>();
    expect(evaluateAccess).toMatchObject({ decision: 'ALLOWED', allowed: true });
    expect(evaluateAccess!.matchedStatements).toEqual([{ policyId: createPolicy!.policy.arn, policyType: 'IDENTITY_POLICY', sid: null, effect: 'ALLOW', statementIndex: 0 }]);
  });

  it('runs client/examples/graphql-request.ts, which the README shows', async () => {
    const answer = await usersAndAccess(client, api.accountId);
    expect(answer).toEqual({ names: ['alice'], decision: 'ALLOWED', deciding: [`IDENTITY_POLICY ALLOW arn:aws:iam::${api.accountId}:policy/GrRead`] });
  });

  it('throws a ClientError carrying the GraphQL error code', async () => {
    const failure = await client.request(CreateUserDocument, { input: { userName: 'alice' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClientError);
    expect((failure as ClientError).response.errors?.[0]?.extensions?.['code']).toBe('ENTITY_ALREADY_EXISTS');
  });
});
