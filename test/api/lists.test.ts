// The list queries as a client pages through them: opaque cursors bound to their list and
// filters, prefixes matched literally, and a total counted only when it is asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createGroup } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  for (const [userName, path] of [
    ['ls-ann', '/ls/a_b/'],
    ['ls-bob', '/ls/axb/'],
    ['ls-cid', '/ls/a%c/'],
    ['ls-dee', '/ls/abc/'],
    ['ls_eve', '/ls/'],
    ['lsxfay', '/ls/'],
  ]) {
    dataOf(await api.gql(`mutation($u: String!, $p: String!) { createUser(input: {userName: $u, path: $p}) { user { userName } } }`, { u: userName, p: path }));
  }
  await createGroup(api, 'ls-group');
});
afterAll(async () => api?.stop());

const USERS = `query($first: Int, $after: String, $pathPrefix: String, $namePrefix: String) {
  users(first: $first, after: $after, pathPrefix: $pathPrefix, namePrefix: $namePrefix) { nodes { userName } pageInfo { endCursor hasNextPage } }
}`;

async function names(filter: { pathPrefix?: string; namePrefix?: string }): Promise<string[]> {
  return dataOf(await api.gql(USERS, filter)).users.nodes.map((user: { userName: string }) => user.userName);
}

async function firstCursor(filter: Record<string, unknown> = {}): Promise<string> {
  return dataOf(await api.gql(USERS, { first: 1, pathPrefix: '/ls/', ...filter })).users.pageInfo.endCursor;
}

describe('cursors', () => {
  it('continue the list that gave them out', async () => {
    const cursor = await firstCursor();
    expect(await names({ pathPrefix: '/ls/' })).toHaveLength(6);
    const rest = dataOf(await api.gql(USERS, { pathPrefix: '/ls/', after: cursor })).users.nodes;
    expect(rest).toHaveLength(5);
  });

  it('do not show the name they continue after', async () => {
    const cursor = await firstCursor();
    const decoded = Buffer.from(cursor.replace(/^c1\./, ''), 'base64url').toString('latin1');
    expect(cursor).not.toMatch(/ls-ann/);
    expect(decoded).not.toMatch(/ls-ann/);
  });

  it('are refused by another list: BAD_USER_INPUT on after', async () => {
    const cursor = await firstCursor();
    const response = await api.gql(`query($after: String) { groups(after: $after) { nodes { groupName } } }`, { after: cursor });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('after');
  });

  it('are refused by the same list with other filters', async () => {
    const cursor = await firstCursor();
    expect(errorCodeOf(await api.gql(USERS, { after: cursor }))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(await api.gql(USERS, { after: cursor, pathPrefix: '/ls/a' }))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(await api.gql(USERS, { after: cursor, pathPrefix: '/ls/', namePrefix: 'ls' }))).toBe('BAD_USER_INPUT');
  });

  it('are refused when edited, truncated or made up', async () => {
    const cursor = await firstCursor();
    const flipped = cursor.slice(0, -2) + (cursor.at(-2) === 'A' ? 'B' : 'A') + cursor.at(-1);
    for (const after of [flipped, cursor.slice(0, -4), 'c1.', 'bogus', Buffer.from('name:ls-ann').toString('base64url'), 'c1.' + 'A'.repeat(5000)]) {
      const response = await api.gql(USERS, { pathPrefix: '/ls/', after });
      expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
      expect(firstError(response).message).toBe('`after`: is not a cursor that this list gave out with these filters');
    }
  });

  it('keep the page size at most 100', async () => {
    expect(errorCodeOf(await api.gql(USERS, { first: 101 }))).toBe('BAD_USER_INPUT');
  });
});

describe('prefix filters', () => {
  it('match `_` and `%` literally', async () => {
    expect(await names({ pathPrefix: '/ls/a_' })).toEqual(['ls-ann']);
    expect(await names({ pathPrefix: '/ls/a%' })).toEqual(['ls-cid']);
    expect(await names({ namePrefix: 'ls_' })).toEqual(['ls_eve']);
    expect(await names({ namePrefix: 'LS-' })).toEqual(['ls-ann', 'ls-bob', 'ls-cid', 'ls-dee']);
  });

  it('treat a prefix as a prefix, whatever its last character', async () => {
    expect(await names({ pathPrefix: '/ls/ab' })).toEqual(['ls-dee']);
    expect(await names({ namePrefix: 'ls-de~' })).toEqual([]);
    expect(await names({ namePrefix: '\u{10FFFF}' })).toEqual([]);
  });

  it('refuse text that is not Unicode', async () => {
    const response = await api.gql(USERS, { namePrefix: 'ls\uD800' });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('namePrefix');
  });
});

describe('totalCount', () => {
  it('is counted only when a client selects it', async () => {
    const page = `{ users(pathPrefix: "/ls/") { nodes { userName } } }`;
    const counted = `{ users(pathPrefix: "/ls/") { totalCount nodes { userName } } }`;
    const withoutTotal = await api.sqlCount(() => api.gql(page));
    const withTotal = await api.sqlCount(() => api.gql(counted));
    expect(withTotal).toBe(withoutTotal + 1);
    expect(dataOf(await api.gql(counted)).users.totalCount).toBe(6);
  });
});
