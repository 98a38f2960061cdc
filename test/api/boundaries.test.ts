// Permissions boundaries of users and roles: put, delete, set at creation, and how the policy
// counts its uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type GraphqlResponse, type TestApi, firstError } from '../support/api-harness.ts';
import { createPolicy, EC2_TRUST, policyArn } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

type Kind = 'User' | 'Role';
const NAME_ARG: Record<Kind, string> = { User: 'userName', Role: 'roleName' };
const FIELD: Record<Kind, string> = { User: 'user', Role: 'role' };
const BOUNDARY = 'permissionsBoundary { permissionsBoundaryType permissionsBoundaryArn policy { policyName } }';

/** Creates a policy to serve as a boundary, with this file's DOC (s3:*) at `path`; returns its ARN. */
const createBoundaryPolicy = (policyName: string, path = '/') => createPolicy(api, policyName, { document: DOC, path });

function createOwner(kind: Kind, name: string, permissionsBoundary?: string): Promise<GraphqlResponse> {
  if (kind === 'User') {
    return api.gql(`mutation($n: String!, $b: String) { createUser(input: {userName: $n, permissionsBoundary: $b}) { user { userName ${BOUNDARY} } } }`, {
      n: name,
      b: permissionsBoundary ?? null,
    });
  }
  return api.gql(
    `mutation($n: String!, $b: String, $doc: JSON!) { createRole(input: {roleName: $n, assumeRolePolicyDocument: $doc, permissionsBoundary: $b}) { role { roleName ${BOUNDARY} } } }`,
    { n: name, b: permissionsBoundary ?? null, doc: EC2_TRUST },
  );
}

function putBoundary(kind: Kind, name: string, arn: string): Promise<GraphqlResponse> {
  return api.gql(
    `mutation($n: String!, $b: String!) { put${kind}PermissionsBoundary(input: {${NAME_ARG[kind]}: $n, permissionsBoundary: $b}) { ${FIELD[kind]} { ${NAME_ARG[kind]} ${BOUNDARY} } } }`,
    { n: name, b: arn },
  );
}

function deleteBoundary(kind: Kind, name: string): Promise<GraphqlResponse> {
  return api.gql(
    `mutation($n: String!) { delete${kind}PermissionsBoundary(input: {${NAME_ARG[kind]}: $n}) { ${FIELD[kind]} { ${NAME_ARG[kind]} ${BOUNDARY} } } }`,
    { n: name },
  );
}

/** The owner's boundary as its query reads it (null when it has none). */
async function boundaryOf(kind: Kind, name: string): Promise<unknown> {
  return dataOf(await api.gql(`query($n: String!) { ${FIELD[kind]}(${NAME_ARG[kind]}: $n) { ${BOUNDARY} } }`, { n: name }))[FIELD[kind]].permissionsBoundary;
}

/** Whether the user or role exists: its lookup answers null, without an error, when it does not. */
async function exists(kind: Kind, name: string): Promise<boolean> {
  const response = await api.gql(`query($n: String!) { ${FIELD[kind]}(${NAME_ARG[kind]}: $n) { ${NAME_ARG[kind]} } }`, { n: name });
  return dataOf(response)[FIELD[kind]] != null;
}

async function usageOf(arn: string): Promise<number> {
  return dataOf(await api.gql(`query($arn: String!) { policy(policyArn: $arn) { permissionsBoundaryUsageCount } }`, { arn })).policy.permissionsBoundaryUsageCount;
}

const expected = (arn: string, policyName: string) => ({ permissionsBoundaryType: 'PERMISSIONS_BOUNDARY_POLICY', permissionsBoundaryArn: arn, policy: { policyName } });

describe.each<Kind>(['User', 'Role'])('%s permissions boundary', (kind) => {
  const prefix = `pb-${kind.toLowerCase()}`;

  it('is set, replaced and deleted, and the policies count their uses', async () => {
    const owner = `${prefix}-cycle`;
    dataOf(await createOwner(kind, owner));
    expect(await boundaryOf(kind, owner)).toBeNull();
    const first = await createBoundaryPolicy(`${prefix}-cycle-one`, '/bounds/');
    const second = await createBoundaryPolicy(`${prefix}-cycle-two`);

    const put = dataOf(await putBoundary(kind, owner, first))[`put${kind}PermissionsBoundary`][FIELD[kind]];
    expect(put.permissionsBoundary).toEqual(expected(policyArn(api, `${prefix}-cycle-one`, '/bounds/'), `${prefix}-cycle-one`));
    expect(await boundaryOf(kind, owner)).toEqual(expected(first, `${prefix}-cycle-one`));
    expect(await usageOf(first)).toBe(1);

    dataOf(await putBoundary(kind, owner, second));
    expect(await boundaryOf(kind, owner)).toEqual(expected(second, `${prefix}-cycle-two`));
    expect(await usageOf(first)).toBe(0);
    expect(await usageOf(second)).toBe(1);

    const deleted = dataOf(await deleteBoundary(kind, owner))[`delete${kind}PermissionsBoundary`][FIELD[kind]];
    expect(deleted.permissionsBoundary).toBeNull();
    expect(await boundaryOf(kind, owner)).toBeNull();
    expect(await usageOf(second)).toBe(0);
  });

  it(`is set by create${kind}`, async () => {
    const arn = await createBoundaryPolicy(`${prefix}-at-create`);
    const created = dataOf(await createOwner(kind, `${prefix}-at-create`, arn))[`create${kind}`][FIELD[kind]];
    expect(created.permissionsBoundary).toEqual(expected(arn, `${prefix}-at-create`));
    expect(await boundaryOf(kind, `${prefix}-at-create`)).toEqual(expected(arn, `${prefix}-at-create`));
    expect(await usageOf(arn)).toBe(1);
  });

  it.each([
    ['a user ARN', (id: string) => `arn:aws:iam::${id}:user/somebody`],
    ['a role ARN', (id: string) => `arn:aws:iam::${id}:role/somebody`],
    ['not an ARN', () => 'not-an-arn'],
  ])('rejects %s as the boundary: BAD_USER_INPUT on permissionsBoundary', async (what, makeArn) => {
    const owner = `${prefix}-bad-${what.replace(/\W/g, '')}`;
    dataOf(await createOwner(kind, owner));
    const response = await putBoundary(kind, owner, makeArn(api.accountId));
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('permissionsBoundary');
    expect(await boundaryOf(kind, owner)).toBeNull();

    const created = await createOwner(kind, `${owner}-new`, makeArn(api.accountId));
    expect(errorCodeOf(created)).toBe('BAD_USER_INPUT');
    expect(firstError(created).extensions?.field).toBe('permissionsBoundary');
    expect(await exists(kind, `${owner}-new`)).toBe(false);
  });

  it('reports an unknown policy: NO_SUCH_ENTITY, keeping the old boundary', async () => {
    const owner = `${prefix}-unknown`;
    const arn = await createBoundaryPolicy(`${prefix}-unknown-kept`);
    dataOf(await createOwner(kind, owner, arn));
    expect(errorCodeOf(await putBoundary(kind, owner, policyArn(api, `${prefix}-never-created`)))).toBe('NO_SUCH_ENTITY');
    // the right name on the wrong path is unknown too
    expect(errorCodeOf(await putBoundary(kind, owner, policyArn(api, `${prefix}-unknown-kept`, '/elsewhere/')))).toBe('NO_SUCH_ENTITY');
    expect(await boundaryOf(kind, owner)).toEqual(expected(arn, `${prefix}-unknown-kept`));
    expect(await usageOf(arn)).toBe(1);

    const created = await createOwner(kind, `${prefix}-unknown-new`, policyArn(api, `${prefix}-never-created`));
    expect(errorCodeOf(created)).toBe('NO_SUCH_ENTITY');
    expect(await exists(kind, `${prefix}-unknown-new`)).toBe(false);
  });

  it(`reports an unknown ${kind.toLowerCase()}: NO_SUCH_ENTITY`, async () => {
    const arn = await createBoundaryPolicy(`${prefix}-nobody-pol`);
    expect(errorCodeOf(await putBoundary(kind, `${prefix}-nobody`, arn))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await deleteBoundary(kind, `${prefix}-nobody`))).toBe('NO_SUCH_ENTITY');
    expect(await usageOf(arn)).toBe(0);
  });
});

describe('boundary usage across users and roles', () => {
  it('counts every user and role using the policy', async () => {
    const arn = await createBoundaryPolicy('pb-shared');
    dataOf(await createOwner('User', 'pb-shared-u1', arn));
    dataOf(await createOwner('User', 'pb-shared-u2'));
    dataOf(await putBoundary('User', 'pb-shared-u2', arn));
    dataOf(await createOwner('Role', 'pb-shared-r1', arn));
    expect(await usageOf(arn)).toBe(3);
    dataOf(await deleteBoundary('User', 'pb-shared-u1'));
    expect(await usageOf(arn)).toBe(2);
  });

  it('does not accept another account\'s policy: NO_SUCH_ENTITY', async () => {
    const other = (await api.createAccount()).accountId;
    const theirs = dataOf(
      await api.gql(`mutation($doc: JSON!) { createPolicy(input: {policyName: "pb-foreign", policyDocument: $doc}) { policy { arn } } }`, { doc: DOC }, { accountId: other }),
    ).createPolicy.policy.arn as string;
    dataOf(await createOwner('User', 'pb-foreign-user'));
    expect(errorCodeOf(await putBoundary('User', 'pb-foreign-user', theirs))).toBe('NO_SUCH_ENTITY');
    expect(await boundaryOf('User', 'pb-foreign-user')).toBeNull();
  });
});

describe('putUserPermissionsBoundary racing deletePolicy', () => {
  it('ends either with the boundary (delete refused) or deleted (put refused), never half-way', async () => {
    for (let round = 0; round < 20; round++) {
      const user = `pb-vs-del-${round}`;
      dataOf(await createOwner('User', user));
      const arn = await createBoundaryPolicy(`pb-vs-del-pol-${round}`);
      const [put, deleted] = await Promise.all([
        putBoundary('User', user, arn),
        api.gql(`mutation($arn: String!) { deletePolicy(input: {policyArn: $arn}) { policyId } }`, { arn }),
      ]);
      const putCode = put.errors?.length ? put.errors[0]!.extensions?.code : 'OK';
      const deleteCode = deleted.errors?.length ? deleted.errors[0]!.extensions?.code : 'OK';
      expect(['OK/DELETE_CONFLICT', 'NO_SUCH_ENTITY/OK']).toContain(`${putCode}/${deleteCode}`);
      expect(await boundaryOf('User', user)).toEqual(putCode === 'OK' ? expected(arn, `pb-vs-del-pol-${round}`) : null);
    }
  });
});
