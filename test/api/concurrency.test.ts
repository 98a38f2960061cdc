// Racing writers: the database's unique indexes decide, and losers get a clean error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('concurrent creates', () => {
  it('lets exactly one of 50 concurrent createUser calls with one name succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.gql(`mutation($n: String!) { createUser(input: {userName: $n}) { user { userId } } }`, { n: i % 2 ? 'racer' : 'RACER' }),
      ),
    );
    const codes = results.map((result) => (result.errors ? result.errors[0]!.extensions!.code : 'OK'));
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code === 'ENTITY_ALREADY_EXISTS')).toHaveLength(49);
    expect(dataOf(await api.gql(`{ users(namePrefix: "racer") { totalCount } }`)).users.totalCount).toBe(1);
  });

  it('lets exactly one of 20 concurrent createPolicy calls with one name succeed', async () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.gql(`mutation($doc: JSON!) { createPolicy(input: {policyName: "dup", policyDocument: $doc}) { policy { arn } } }`, { doc })),
    );
    const codes = results.map((result) => (result.errors ? result.errors[0]!.extensions!.code : 'OK'));
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code === 'ENTITY_ALREADY_EXISTS')).toHaveLength(19);
    expect(await api.prisma.policyVersion.count({ where: { policy: { awsManaged: false } } })).toBe(1);
  });
});
