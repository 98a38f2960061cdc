// createUser, updateUser, deleteUser and the user queries, through the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { userId userName path arn createDate tags { key value } } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { userName path arn } } }`;
const DELETE = `mutation($input: DeleteUserInput!) { deleteUser(input: $input) { userId userName } }`;
const COUNT = `{ users { totalCount } }`;

async function userCount(): Promise<number> {
  return dataOf(await api.gql(COUNT)).users.totalCount;
}

describe('createUser', () => {
  it('creates a user with an AWS-style id, ARN, path and tags', async () => {
    const { createUser } = dataOf(await api.gql(CREATE, { input: { userName: 'alice', path: '/dev/', tags: [{ key: 'team', value: 'blue' }] } }));
    expect(createUser.user.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(createUser.user.arn).toBe(`arn:aws:iam::${api.accountId}:user/dev/alice`);
    expect(createUser.user.path).toBe('/dev/');
    expect(createUser.user.tags).toEqual([{ key: 'team', value: 'blue' }]);
    expect(Date.parse(createUser.user.createDate)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('defaults the path to /', async () => {
    const { createUser } = dataOf(await api.gql(CREATE, { input: { userName: 'plain' } }));
    expect(createUser.user.arn).toBe(`arn:aws:iam::${api.accountId}:user/plain`);
  });

  it('refuses a name that differs only in case: ENTITY_ALREADY_EXISTS, nothing created', async () => {
    dataOf(await api.gql(CREATE, { input: { userName: 'Carol' } }));
    const before = await userCount();
    const response = await api.gql(CREATE, { input: { userName: 'cAROL' } });
    expect(errorCodeOf(response)).toBe('ENTITY_ALREADY_EXISTS');
    expect(await userCount()).toBe(before);
  });

  it.each([
    ['userName', { userName: 'bad name' }],
    ['userName', { userName: 'x'.repeat(65) }],
    ['userName', { userName: '' }],
    ['path', { userName: 'pathless', path: 'no-slashes' }],
    ['path', { userName: 'pathless', path: '/a//b/' }],
    ['path', { userName: 'pathless', path: `/${'a'.repeat(511)}/` }],
    ['tags[0].key', { userName: 'tagless', tags: [{ key: 'k'.repeat(129), value: 'v' }] }],
  ])('rejects a bad %s with BAD_USER_INPUT naming the field', async (field, input) => {
    const before = await userCount();
    const response = await api.gql(CREATE, { input });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await userCount()).toBe(before);
  });

  it('accepts every character AWS allows in a name, up to 64', async () => {
    const name = 'a+=,.@_-9'.padEnd(64, 'z');
    const { createUser } = dataOf(await api.gql(CREATE, { input: { userName: name } }));
    expect(createUser.user.userName).toBe(name);
  });

  it('rejects an unknown boundary policy with NO_SUCH_ENTITY and creates nothing', async () => {
    const response = await api.gql(CREATE, {
      input: { userName: 'bounded', permissionsBoundary: `arn:aws:iam::${api.accountId}:policy/none` },
    });
    expect(errorCodeOf(response)).toBe('NO_SUCH_ENTITY');
    expect(dataOf(await api.gql(`{ user(userName: "bounded") { userName } }`)).user).toBeNull();
  });
});

describe('user queries', () => {
  it('finds a user by name ignoring case, by ARN and by id', async () => {
    const { createUser } = dataOf(await api.gql(CREATE, { input: { userName: 'Dora', path: '/ops/' } }));
    const byName = dataOf(await api.gql(`{ user(userName: "dora") { userId } }`));
    expect(byName.user.userId).toBe(createUser.user.userId);
    const byArn = dataOf(await api.gql(`query($arn: String!) { entityByArn(arn: $arn) { __typename arn ... on User { userName } } }`, { arn: createUser.user.arn }));
    expect(byArn.entityByArn).toEqual({ __typename: 'User', arn: createUser.user.arn, userName: 'Dora' });
    const byId = dataOf(await api.gql(`query($id: String!) { entityById(id: $id) { __typename arn } }`, { id: createUser.user.userId }));
    expect(byId.entityById.arn).toBe(createUser.user.arn);
  });

  it('gives null for an ARN with the wrong path, and BAD_USER_INPUT for a non-ARN', async () => {
    const wrongPath = dataOf(await api.gql(`{ entityByArn(arn: "arn:aws:iam::${api.accountId}:user/elsewhere/Dora") { arn } }`));
    expect(wrongPath.entityByArn).toBeNull();
    expect(errorCodeOf(await api.gql(`{ entityByArn(arn: "not-an-arn") { arn } }`))).toBe('BAD_USER_INPUT');
  });

  it('answers null, without an error, for a missing user', async () => {
    const response = await api.gql(`{ user(userName: "nobody") { userName } }`);
    expect(response).toEqual({ data: { user: null } });
  });
});

describe('updateUser', () => {
  it('renames and moves a user, keeping its id', async () => {
    const { createUser } = dataOf(await api.gql(CREATE, { input: { userName: 'erin' } }));
    const { updateUser } = dataOf(await api.gql(UPDATE, { input: { userName: 'erin', newUserName: 'erin2', newPath: '/moved/' } }));
    expect(updateUser.user).toEqual({ userName: 'erin2', path: '/moved/', arn: `arn:aws:iam::${api.accountId}:user/moved/erin2` });
    const reread = dataOf(await api.gql(`{ user(userName: "erin2") { userId } }`));
    expect(reread.user.userId).toBe(createUser.user.userId);
    expect(dataOf(await api.gql(`{ user(userName: "erin") { userId } }`)).user).toBeNull();
  });

  it('refuses to rename onto an existing name and changes nothing', async () => {
    dataOf(await api.gql(CREATE, { input: { userName: 'frank' } }));
    dataOf(await api.gql(CREATE, { input: { userName: 'grace' } }));
    const response = await api.gql(UPDATE, { input: { userName: 'frank', newUserName: 'GRACE', newPath: '/x/' } });
    expect(errorCodeOf(response)).toBe('ENTITY_ALREADY_EXISTS');
    expect(dataOf(await api.gql(`{ user(userName: "frank") { path } }`)).user.path).toBe('/');
  });

  it('answers NO_SUCH_ENTITY for a missing user and BAD_USER_INPUT for a bad new path', async () => {
    expect(errorCodeOf(await api.gql(UPDATE, { input: { userName: 'ghost', newPath: '/a/' } }))).toBe('NO_SUCH_ENTITY');
    const response = await api.gql(UPDATE, { input: { userName: 'frank', newPath: 'nope' } });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe('newPath');
  });
});

describe('deleteUser', () => {
  it('deletes a user with nothing attached', async () => {
    const { createUser } = dataOf(await api.gql(CREATE, { input: { userName: 'henry' } }));
    const { deleteUser } = dataOf(await api.gql(DELETE, { input: { userName: 'HENRY' } }));
    expect(deleteUser).toEqual({ userId: createUser.user.userId, userName: 'henry' });
    expect(dataOf(await api.gql(`{ user(userName: "henry") { userId } }`)).user).toBeNull();
  });

  it('refuses while the user has group memberships, policies or credentials, listing them', async () => {
    dataOf(await api.gql(CREATE, { input: { userName: 'ivy' } }));
    dataOf(await api.gql(`mutation { createGroup(input: {groupName: "ivy-group"}) { group { groupId } } }`));
    dataOf(await api.gql(`mutation { addUserToGroup(input: {groupName: "ivy-group", userName: "ivy"}) { user { userName } } }`));
    dataOf(
      await api.gql(`mutation($doc: JSON!) { putUserPolicy(input: {userName: "ivy", policyName: "p", policyDocument: $doc}) { user { userName } } }`, {
        doc: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      }),
    );
    const user = await api.prisma.user.findFirstOrThrow({ where: { name: 'ivy' } });
    await api.prisma.accessKey.create({ data: { id: 'AKIAEXAMPLE000000001', userId: user.id, secretEncrypted: 'x' } });

    const response = await api.gql(DELETE, { input: { userName: 'ivy' } });
    expect(errorCodeOf(response)).toBe('DELETE_CONFLICT');
    expect(response.errors![0]!.message).toBe('cannot delete user `ivy`: it still has 1 group membership, 1 inline policy, 1 access key');
    expect(dataOf(await api.gql(`{ user(userName: "ivy") { groups { groupName } } }`)).user.groups).toEqual([{ groupName: 'ivy-group' }]);
  });

  it('answers NO_SUCH_ENTITY for a missing user', async () => {
    expect(errorCodeOf(await api.gql(DELETE, { input: { userName: 'ghost' } }))).toBe('NO_SUCH_ENTITY');
  });
});

describe('users listing', () => {
  it('pages through every user exactly once, in name order, with totalCount', async () => {
    for (const name of ['list-c', 'list-a', 'list-e', 'list-b', 'list-d']) {
      dataOf(await api.gql(CREATE, { input: { userName: name, path: '/listing/' } }));
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = dataOf(
        await api.gql(`query($after: String) { users(first: 2, after: $after, pathPrefix: "/listing/") { totalCount edges { cursor node { userName } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`, { after }),
      ).users;
      pages++;
      expect(page.totalCount).toBe(5);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((edge: any) => edge.node.userName));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['list-a', 'list-b', 'list-c', 'list-d', 'list-e']);
  });

  it('filters by name prefix ignoring case, and by tag', async () => {
    dataOf(await api.gql(CREATE, { input: { userName: 'Prefix-One', tags: [{ key: 'Env', value: 'prod' }] } }));
    dataOf(await api.gql(CREATE, { input: { userName: 'prefix-two', tags: [{ key: 'env', value: 'dev' }] } }));
    const byName = dataOf(await api.gql(`{ users(namePrefix: "PREFIX-") { nodes { userName } } }`)).users.nodes;
    expect(byName.map((user: any) => user.userName)).toEqual(['Prefix-One', 'prefix-two']);
    const byTag = dataOf(await api.gql(`{ users(tag: {key: "ENV", value: "prod"}) { nodes { userName } } }`)).users.nodes;
    expect(byTag).toEqual([{ userName: 'Prefix-One' }]);
    const byTagKey = dataOf(await api.gql(`{ users(tag: {key: "env"}) { totalCount } }`)).users.totalCount;
    expect(byTagKey).toBe(2);
  });

  it.each([0, 101, -1])('rejects first: %i with BAD_USER_INPUT', async (first) => {
    const response = await api.gql(`query($first: Int) { users(first: $first) { totalCount } }`, { first });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe('first');
  });

  it('rejects a cursor it did not give out', async () => {
    expect(errorCodeOf(await api.gql(`{ users(after: "bogus") { totalCount } }`))).toBe('BAD_USER_INPUT');
  });

  it('gives an empty last page for a cursor past the end', async () => {
    const page = dataOf(await api.gql(`{ users(first: 100, pathPrefix: "/listing/") { pageInfo { endCursor } } }`)).users;
    const next = dataOf(await api.gql(`query($after: String) { users(after: $after, pathPrefix: "/listing/") { nodes { userName } pageInfo { hasNextPage startCursor } } }`, { after: page.pageInfo.endCursor })).users;
    expect(next.nodes).toEqual([]);
    expect(next.pageInfo).toEqual({ hasNextPage: false, startCursor: null });
  });
});
