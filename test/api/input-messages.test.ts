// Names, paths, descriptions and tags: a refused input says exactly what is wrong, and an input
// with several mistakes is reported whole, in one BAD_USER_INPUT, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, firstError, startTestApi, type GraphqlError, type TestApi } from '../support/api-harness.ts';
import { EC2_TRUST } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { userName } } }`;

async function refusal(query: string, input: Record<string, unknown>): Promise<GraphqlError> {
  const error = firstError(await api.gql(query, { input }));
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  return error;
}

async function userCount(): Promise<number> {
  return dataOf(await api.gql(`{ users { totalCount } }`)).users.totalCount;
}

describe('messages', () => {
  it.each([
    [{ userName: 'ålice' }, 'userName', '`userName`: contains `å`: a name may contain only ASCII letters, digits and `+=,.@_-`'],
    [{ userName: 'a b' }, 'userName', '`userName`: contains U+0020: a name may contain only ASCII letters, digits and `+=,.@_-`'],
    [{ userName: 'x'.repeat(65) }, 'userName', '`userName`: must be 1 to 64 characters, got 65'],
    [{ userName: 'u1', path: '/équipe/' }, 'path', '`path`: contains `é`: a path may contain only ASCII characters from `!` to `~`'],
    [{ userName: 'u2', path: '/a//b/' }, 'path', '`path`: has an empty segment: `//` at position 2'],
    [{ userName: 'u3', path: '/nope' }, 'path', '`path`: must end with `/`'],
    [{ userName: 'u4', path: 'nope/' }, 'path', '`path`: must begin with `/`'],
    [{ userName: 'u5', tags: [{ key: 'cost€', value: 'x' }] }, 'tags[0].key', '`tags[0].key`: contains `€`: tags may contain only letters, digits, spaces and `_.:/=+-@`'],
  ])('createUser(%o) names the field and the character', async (input, field, message) => {
    const error = await refusal(CREATE_USER, input);
    expect(error.extensions?.field).toBe(field);
    expect(error.message).toBe(message);
  });
});

describe('every problem at once', () => {
  it('lists each problem of createUser, creating nothing', async () => {
    const before = await userCount();
    const error = await refusal(CREATE_USER, { userName: 'bad name!', path: '/x//y', tags: [{ key: 'aws:k', value: 'v' }, { key: 'AWS:K', value: 'v' }] });
    expect(error.extensions?.field).toBe('userName');
    expect(error.extensions?.problems).toEqual([
      { field: 'userName', message: 'contains U+0020, `!`: a name may contain only ASCII letters, digits and `+=,.@_-`' },
      { field: 'path', message: 'must end with `/`' },
      { field: 'path', message: 'has an empty segment: `//` at position 2' },
      { field: 'tags[0].key', message: 'the `aws:` prefix is reserved' },
      { field: 'tags[1].key', message: 'the `aws:` prefix is reserved' },
      { field: 'tags[1].key', message: 'duplicate tag key `AWS:K` (keys ignore case)' },
    ]);
    expect(error.message.split('; ')).toHaveLength(6);
    expect(await userCount()).toBe(before);
  });

  it('lists each problem of createRole and updateUser', async () => {
    const role = await refusal(`mutation($input: CreateRoleInput!) { createRole(input: $input) { role { roleName } } }`, {
      roleName: 'röle', assumeRolePolicyDocument: EC2_TRUST, maxSessionDuration: 60, description: 'd'.repeat(1001),
    });
    expect((role.extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual(['roleName', 'maxSessionDuration', 'description']);
    dataOf(await api.gql(CREATE_USER, { input: { userName: 'renamed-later' } }));
    const rename = await refusal(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { userName } } }`, {
      userName: 'renamed-later', newUserName: 'ñ', newPath: '/ü/',
    });
    expect((rename.extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual(['newUserName', 'newPath']);
    expect(dataOf(await api.gql(`{ user(userName: "renamed-later") { path } }`)).user.path).toBe('/');
  });
});
