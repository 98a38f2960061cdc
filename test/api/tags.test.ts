// Tags on users, roles and managed policies: add, replace, remove, the 50-tag quota, key and
// value rules, and the users(tag:) filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type GraphqlResponse, type TestApi, firstError } from '../support/api-harness.ts';
import { createPolicy, createRole, createUser } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

type Kind = 'User' | 'Role' | 'Policy';
interface Tag {
  key: string;
  value: string;
}

/** How each kind of resource is named in mutations and read back. */
const TARGET: Record<Kind, { arg: string; type: string; field: string }> = {
  User: { arg: 'userName', type: 'String!', field: 'user' },
  Role: { arg: 'roleName', type: 'String!', field: 'role' },
  Policy: { arg: 'policyArn', type: 'String!', field: 'policy' },
};

/** Creates the resource and returns what identifies it (a name, or a policy's ARN). */
async function createResource(kind: Kind, name: string): Promise<string> {
  if (kind === 'User') {
    await createUser(api, name);
    return name;
  }
  if (kind === 'Role') {
    await createRole(api, name);
    return name;
  }
  return createPolicy(api, name);
}

function tag(kind: Kind, id: string, tags: Tag[]): Promise<GraphqlResponse> {
  const { arg, type, field } = TARGET[kind];
  return api.gql(`mutation($id: ${type}, $tags: [TagInput!]!) { tag${kind}(input: {${arg}: $id, tags: $tags}) { ${field} { tags { key value } } } }`, { id, tags });
}

function untag(kind: Kind, id: string, tagKeys: string[]): Promise<GraphqlResponse> {
  const { arg, type, field } = TARGET[kind];
  return api.gql(`mutation($id: ${type}, $keys: [String!]!) { untag${kind}(input: {${arg}: $id, tagKeys: $keys}) { ${field} { tags { key value } } } }`, {
    id,
    keys: tagKeys,
  });
}

/** The resource's tags as its query reads them. */
async function tagsOf(kind: Kind, id: string): Promise<Tag[]> {
  const { arg, type, field } = TARGET[kind];
  return dataOf(await api.gql(`query($id: ${type}) { ${field}(${arg}: $id) { tags { key value } } }`, { id }))[field].tags;
}

const byKey = (tags: Tag[]) => [...tags].sort((a, b) => a.key.toLowerCase().localeCompare(b.key.toLowerCase()));
const manyTags = (count: number, from = 0): Tag[] => Array.from({ length: count }, (_, i) => ({ key: `k${String(from + i).padStart(3, '0')}`, value: `v${from + i}` }));

describe.each<Kind>(['User', 'Role', 'Policy'])('tag/untag %s', (kind) => {
  const prefix = `tg-${kind.toLowerCase()}`;

  it('adds tags, visible on the resource', async () => {
    const id = await createResource(kind, `${prefix}-add`);
    const payload = dataOf(await tag(kind, id, [{ key: 'team', value: 'blue' }, { key: 'cost-center', value: '' }]));
    expect(byKey(payload[`tag${kind}`][TARGET[kind].field].tags)).toEqual([{ key: 'cost-center', value: '' }, { key: 'team', value: 'blue' }]);
    expect(byKey(await tagsOf(kind, id))).toEqual([{ key: 'cost-center', value: '' }, { key: 'team', value: 'blue' }]);
  });

  it('replaces the value of an existing key, keys unique ignoring case', async () => {
    const id = await createResource(kind, `${prefix}-replace`);
    dataOf(await tag(kind, id, [{ key: 'Env', value: 'dev' }, { key: 'owner', value: 'ann' }]));
    dataOf(await tag(kind, id, [{ key: 'Env', value: 'prod' }]));
    expect(byKey(await tagsOf(kind, id))).toEqual([{ key: 'Env', value: 'prod' }, { key: 'owner', value: 'ann' }]);

    dataOf(await tag(kind, id, [{ key: 'ENV', value: 'test' }]));
    const tags = await tagsOf(kind, id);
    expect(tags.length).toBe(2);
    expect(tags.filter((t) => t.key.toLowerCase() === 'env').map((t) => t.value)).toEqual(['test']);
  });

  it('rejects the same key twice in one call, ignoring case: BAD_USER_INPUT', async () => {
    const id = await createResource(kind, `${prefix}-dupkey`);
    const response = await tag(kind, id, [{ key: 'Dup', value: '1' }, { key: 'dup', value: '2' }]);
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('tags[1].key');
    expect(await tagsOf(kind, id)).toEqual([]);
  });

  it('removes tags by key ignoring case; unknown keys are ignored', async () => {
    const id = await createResource(kind, `${prefix}-untag`);
    dataOf(await tag(kind, id, [{ key: 'a', value: '1' }, { key: 'B', value: '2' }, { key: 'c', value: '3' }]));
    const payload = dataOf(await untag(kind, id, ['b', 'no-such-key']));
    expect(byKey(payload[`untag${kind}`][TARGET[kind].field].tags)).toEqual([{ key: 'a', value: '1' }, { key: 'c', value: '3' }]);
    expect(byKey(await tagsOf(kind, id))).toEqual([{ key: 'a', value: '1' }, { key: 'c', value: '3' }]);
  });

  it('allows 50 tags: LIMIT_EXCEEDED when a second call would make 51', async () => {
    const id = await createResource(kind, `${prefix}-fifty`);
    dataOf(await tag(kind, id, manyTags(30)));
    expect(errorCodeOf(await tag(kind, id, manyTags(21, 30)))).toBe('LIMIT_EXCEEDED');
    expect(byKey(await tagsOf(kind, id))).toEqual(manyTags(30));

    dataOf(await tag(kind, id, manyTags(20, 30)));
    expect(byKey(await tagsOf(kind, id))).toEqual(manyTags(50));
    // replacing a value at the quota adds no tag
    dataOf(await tag(kind, id, [{ key: 'K000', value: 'new' }]));
    const tags = await tagsOf(kind, id);
    expect(tags.length).toBe(50);
    expect(tags.find((t) => t.key.toLowerCase() === 'k000')?.value).toBe('new');
    // a new key and a replaced one in one call still makes 51
    expect(errorCodeOf(await tag(kind, id, [{ key: 'k001', value: 'x' }, { key: 'brand-new', value: 'x' }]))).toBe('LIMIT_EXCEEDED');
    const after = await tagsOf(kind, id);
    expect(after.length).toBe(50);
    expect(after.find((t) => t.key === 'k001')?.value).toBe('v1');
  });

  it('accepts a 128-character key and a 256-character value', async () => {
    const id = await createResource(kind, `${prefix}-longest`);
    const longest = { key: 'k'.repeat(128), value: 'v'.repeat(256) };
    dataOf(await tag(kind, id, [longest]));
    expect(await tagsOf(kind, id)).toEqual([longest]);
  });

  it.each([
    ['a 129-character key', { key: 'k'.repeat(129), value: 'v' }, 'tags[1].key'],
    ['an empty key', { key: '', value: 'v' }, 'tags[1].key'],
    ['a 257-character value', { key: 'long-value', value: 'v'.repeat(257) }, 'tags[1].value'],
    ['the aws: prefix', { key: 'aws:reserved', value: 'v' }, 'tags[1].key'],
    ['the AWS: prefix in capitals', { key: 'AWS:Reserved', value: 'v' }, 'tags[1].key'],
  ])('rejects %s: BAD_USER_INPUT, adding nothing', async (what, badTag, field) => {
    const id = await createResource(kind, `${prefix}-bad-${what.replace(/\W/g, '')}`);
    dataOf(await tag(kind, id, [{ key: 'existing', value: 'old' }]));
    const response = await tag(kind, id, [{ key: 'existing', value: 'new' }, badTag]);
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe(field);
    expect(await tagsOf(kind, id)).toEqual([{ key: 'existing', value: 'old' }]);
  });

  it(`reports an unknown ${kind.toLowerCase()}: NO_SUCH_ENTITY`, async () => {
    const id = kind === 'Policy' ? `arn:aws:iam::${api.accountId}:policy/${prefix}-nobody` : `${prefix}-nobody`;
    expect(errorCodeOf(await tag(kind, id, [{ key: 'a', value: 'b' }]))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await untag(kind, id, ['a']))).toBe('NO_SUCH_ENTITY');
  });
});

describe('tags at creation', () => {
  it('createUser with tags stores them, and the 50-tag quota applies', async () => {
    const created = dataOf(
      await api.gql(`mutation($tags: [TagInput!]) { createUser(input: {userName: "tg-create", tags: $tags}) { user { tags { key value } } } }`, {
        tags: [{ key: 'dept', value: 'eng' }],
      }),
    );
    expect(created.createUser.user.tags).toEqual([{ key: 'dept', value: 'eng' }]);
    expect(await tagsOf('User', 'tg-create')).toEqual([{ key: 'dept', value: 'eng' }]);

    const tooMany = await api.gql(`mutation($tags: [TagInput!]) { createUser(input: {userName: "tg-create-51", tags: $tags}) { user { userName } } }`, {
      tags: manyTags(51),
    });
    expect(errorCodeOf(tooMany)).toBe('LIMIT_EXCEEDED');
    const users = dataOf(await api.gql(`{ users(namePrefix: "tg-create-51") { totalCount } }`));
    expect(users.users.totalCount).toBe(0);
  });
});

describe('users(tag:)', () => {
  beforeAll(async () => {
    await createResource('User', 'tf-alpha');
    await createResource('User', 'tf-beta');
    await createResource('User', 'tf-gamma');
    await createResource('User', 'tf-delta');
    dataOf(await tag('User', 'tf-alpha', [{ key: 'Project', value: 'apollo' }]));
    dataOf(await tag('User', 'tf-beta', [{ key: 'project', value: 'gemini' }]));
    dataOf(await tag('User', 'tf-gamma', [{ key: 'PROJECT', value: 'Apollo' }]));
    dataOf(await tag('User', 'tf-delta', [{ key: 'other', value: 'apollo' }]));
  });

  async function filtered(filter: { key: string; value?: string }): Promise<{ names: string[]; totalCount: number }> {
    const data = dataOf(await api.gql(`query($tag: TagFilterInput) { users(namePrefix: "tf-", tag: $tag) { totalCount nodes { userName } } }`, { tag: filter }));
    return { names: data.users.nodes.map((user: { userName: string }) => user.userName), totalCount: data.users.totalCount };
  }

  it('matches the key ignoring case', async () => {
    expect(await filtered({ key: 'project' })).toEqual({ names: ['tf-alpha', 'tf-beta', 'tf-gamma'], totalCount: 3 });
    expect(await filtered({ key: 'Project' })).toEqual({ names: ['tf-alpha', 'tf-beta', 'tf-gamma'], totalCount: 3 });
  });

  it('matches the value exactly', async () => {
    expect(await filtered({ key: 'project', value: 'apollo' })).toEqual({ names: ['tf-alpha'], totalCount: 1 });
    expect(await filtered({ key: 'project', value: 'Apollo' })).toEqual({ names: ['tf-gamma'], totalCount: 1 });
    expect(await filtered({ key: 'project', value: 'mercury' })).toEqual({ names: [], totalCount: 0 });
  });

  it('follows tag changes', async () => {
    dataOf(await untag('User', 'tf-beta', ['PROJECT']));
    expect(await filtered({ key: 'project' })).toEqual({ names: ['tf-alpha', 'tf-gamma'], totalCount: 2 });
    dataOf(await tag('User', 'tf-delta', [{ key: 'project', value: 'apollo' }]));
    expect(await filtered({ key: 'project', value: 'apollo' })).toEqual({ names: ['tf-alpha', 'tf-delta'], totalCount: 2 });
  });
});

describe('roles(tag:)', () => {
  it('filters roles by tag too', async () => {
    await createResource('Role', 'tfr-one');
    await createResource('Role', 'tfr-two');
    dataOf(await tag('Role', 'tfr-two', [{ key: 'tier', value: 'gold' }]));
    const data = dataOf(await api.gql(`{ roles(namePrefix: "tfr-", tag: {key: "TIER", value: "gold"}) { totalCount nodes { roleName } } }`));
    expect(data.roles).toEqual({ totalCount: 1, nodes: [{ roleName: 'tfr-two' }] });
  });
});

describe('concurrency', () => {
  it('two concurrent calls of 30 new tags each: one succeeds, one LIMIT_EXCEEDED, 30 tags kept', async () => {
    await createResource('User', 'tg-race');
    const [first, second] = await Promise.all([tag('User', 'tg-race', manyTags(30, 0)), tag('User', 'tg-race', manyTags(30, 100))]);
    const codes = [first, second].map((response) => (response.errors?.length ? response.errors[0]!.extensions?.code : 'OK')).sort();
    expect(codes).toEqual(['LIMIT_EXCEEDED', 'OK']);
    const winner = first.errors?.length ? manyTags(30, 100) : manyTags(30, 0);
    expect(byKey(await tagsOf('User', 'tg-race'))).toEqual(winner);
  });
});
