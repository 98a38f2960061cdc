import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('smoke', () => {
  it('creates and reads a user', async () => {
    const created = dataOf(await api.gql(`mutation { createUser(input: {userName: "alice", path: "/dev/"}) { user { userId arn userName path createDate } } }`));
    expect(created.createUser.user.arn).toBe(`arn:aws:iam::${api.accountId}:user/dev/alice`);
    const read = dataOf(await api.gql(`{ user(userName: "ALICE") { userName groups { groupName } tags { key } } }`));
    expect(read.user.userName).toBe('alice');
  });
});
