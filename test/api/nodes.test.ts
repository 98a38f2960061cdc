// Global object identification: every object with an identity has an opaque, stable `id`, and
// node/nodes find it again, within the caller's account only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createGroup, createPolicy, createRole, createUser, IDENTITY_DOC } from '../support/fixtures.ts';

let api: TestApi;
let ids: Record<string, string>;
beforeAll(async () => {
  api = await startTestApi();
  await createUser(api, 'nd-user');
  await createGroup(api, 'nd-group');
  await createRole(api, 'nd-role');
  await createPolicy(api, 'nd-policy');
  dataOf(await api.gql(`mutation($d: JSON!) { putUserPolicy(input: {userName: "nd-user", policyName: "nd-inline", policyDocument: $d}) { user { userName } } }`, { d: IDENTITY_DOC }));
  const data = dataOf(
    await api.gql(`{
      account { id }
      user(userName: "nd-user") { id inlinePolicies { id } }
      group(groupName: "nd-group") { id }
      role(roleName: "nd-role") { id }
      policies(namePrefix: "nd-policy") { nodes { id defaultVersion { id } } }
    }`),
  );
  ids = {
    Account: data.account.id,
    User: data.user.id,
    InlinePolicy: data.user.inlinePolicies[0].id,
    Group: data.group.id,
    Role: data.role.id,
    Policy: data.policies.nodes[0].id,
    PolicyVersion: data.policies.nodes[0].defaultVersion.id,
  };
});
afterAll(async () => api?.stop());

const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on IamEntity { arn }
  ... on PolicyVersion { versionId policy { policyName } }
  ... on InlinePolicy { policyName owner { arn ... on User { userName } } }
} }`;

describe('node(id)', () => {
  it('finds every type by its id, and the id is unique across types', async () => {
    expect(new Set(Object.values(ids)).size).toBe(7);
    for (const [type, id] of Object.entries(ids)) {
      const node = dataOf(await api.gql(NODE, { id })).node;
      expect(node.__typename).toBe(type);
      expect(node.id).toBe(id);
    }
  });

  it('points a version back to its policy and an inline policy to its owner', async () => {
    expect(dataOf(await api.gql(NODE, { id: ids.PolicyVersion })).node).toMatchObject({ versionId: 'v1', policy: { policyName: 'nd-policy' } });
    expect(dataOf(await api.gql(NODE, { id: ids.InlinePolicy })).node).toMatchObject({ policyName: 'nd-inline', owner: { userName: 'nd-user' } });
  });

  it('keeps the id when the object is renamed and moved', async () => {
    await createUser(api, 'nd-mover');
    const before = dataOf(await api.gql(`{ user(userName: "nd-mover") { id } }`)).user.id;
    dataOf(await api.gql(`mutation { updateUser(input: {userName: "nd-mover", newUserName: "nd-moved", newPath: "/elsewhere/"}) { user { id } } }`));
    const node = dataOf(await api.gql(NODE, { id: before })).node;
    expect(node).toMatchObject({ id: before, arn: `arn:aws:iam::${api.accountId}:user/elsewhere/nd-moved` });
  });

  it('answers null for a deleted object and for another account\'s', async () => {
    await createUser(api, 'nd-doomed');
    const id = dataOf(await api.gql(`{ user(userName: "nd-doomed") { id } }`)).user.id;
    dataOf(await api.gql(`mutation { deleteUser(input: {userName: "nd-doomed"}) { userId } }`));
    expect(await api.gql(NODE, { id })).toEqual({ data: { node: null } });
    const other = (await api.createAccount()).accountId;
    for (const id of Object.values(ids)) {
      expect(await api.gql(NODE, { id }, { accountId: other })).toEqual({ data: { node: null } });
    }
  });

  it('refuses a string that is not an id: BAD_USER_INPUT on id', async () => {
    for (const id of ['nope!', Buffer.from('User:').toString('base64url'), Buffer.from('Nothing:AIDA').toString('base64url'), 'A'.repeat(500)]) {
      const response = await api.gql(NODE, { id });
      expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
      expect(firstError(response).extensions?.field).toBe('id');
    }
  });
});

describe('nodes(ids)', () => {
  it('answers in the order asked, null where there is none, in one query per type (and the epoch read that checks the credential)', async () => {
    const missing = Buffer.from('User:AIDAAAAAAAAAAAAAAAAAA').toString('base64url');
    const asked = [ids.Role!, missing, ids.User!, ids.Group!];
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
    const nodes = dataOf(await api.gql(query, { ids: asked })).nodes;
    expect(nodes.map((n: { id: string } | null) => n?.id ?? null)).toEqual([ids.Role, null, ids.User, ids.Group]);
    expect(await api.sqlCount(() => api.gql(query, { ids: asked }))).toBe(4);
  });

  it('takes at most 100 ids', async () => {
    const response = await api.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(101).fill(ids.User) });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('ids');
  });
});
