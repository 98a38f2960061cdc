// Inline policies of users, groups and roles: put (add or replace), delete, the aggregate size
// quotas (whitespace not counted) and the validation of names and documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type GraphqlResponse, type TestApi, firstError } from '../support/api-harness.ts';
import { findingAt } from '../support/findings.ts';
import { createGroup, createRole, createUser, docOfSize, IDENTITY_DOC } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const DOC2 = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] };

type Kind = 'User' | 'Group' | 'Role';
const NAME_ARG: Record<Kind, string> = { User: 'userName', Group: 'groupName', Role: 'roleName' };
const FIELD: Record<Kind, string> = { User: 'user', Group: 'group', Role: 'role' };
const QUOTA: Record<Kind, number> = { User: 2048, Group: 5120, Role: 10240 };

async function createOwner(kind: Kind, name: string): Promise<void> {
  if (kind === 'User') await createUser(api, name);
  if (kind === 'Group') await createGroup(api, name);
  if (kind === 'Role') await createRole(api, name);
}

function put(kind: Kind, ownerName: string, policyName: string, policyDocument: unknown): Promise<GraphqlResponse> {
  return api.gql(
    `mutation($n: String!, $p: String!, $doc: JSON!) { put${kind}Policy(input: {${NAME_ARG[kind]}: $n, policyName: $p, policyDocument: $doc}) {
      ${FIELD[kind]} { ${NAME_ARG[kind]} inlinePolicies { policyName } } inlinePolicy { policyName policyDocument } } }`,
    { n: ownerName, p: policyName, doc: policyDocument },
  );
}

function remove(kind: Kind, ownerName: string, policyName: string): Promise<GraphqlResponse> {
  return api.gql(
    `mutation($n: String!, $p: String!) { delete${kind}Policy(input: {${NAME_ARG[kind]}: $n, policyName: $p}) {
      ${FIELD[kind]} { ${NAME_ARG[kind]} inlinePolicies { policyName } } } }`,
    { n: ownerName, p: policyName },
  );
}

/** The owner's inline policies as its query reads them. */
async function inlineOf(kind: Kind, ownerName: string): Promise<Array<{ policyName: string; policyDocument: unknown }>> {
  const data = dataOf(await api.gql(`query($n: String!) { ${FIELD[kind]}(${NAME_ARG[kind]}: $n) { inlinePolicies { policyName policyDocument } } }`, { n: ownerName }));
  return data[FIELD[kind]].inlinePolicies;
}

describe.each<Kind>(['User', 'Group', 'Role'])('put/delete %sPolicy', (kind) => {
  const prefix = `in-${kind.toLowerCase()}`;

  it('adds an inline policy, visible with its document as JSON', async () => {
    const owner = `${prefix}-add`;
    await createOwner(kind, owner);
    const payload = dataOf(await put(kind, owner, 'ReadObjects', IDENTITY_DOC))[`put${kind}Policy`];
    expect(payload.inlinePolicy).toEqual({ policyName: 'ReadObjects', policyDocument: IDENTITY_DOC });
    expect(payload[FIELD[kind]]).toEqual({ [NAME_ARG[kind]]: owner, inlinePolicies: [{ policyName: 'ReadObjects' }] });
    expect(await inlineOf(kind, owner)).toEqual([{ policyName: 'ReadObjects', policyDocument: IDENTITY_DOC }]);
  });

  it('accepts the document as a string and returns it as an object', async () => {
    const owner = `${prefix}-string`;
    await createOwner(kind, owner);
    const payload = dataOf(await put(kind, owner, 'FromString', JSON.stringify(IDENTITY_DOC, null, 2)))[`put${kind}Policy`];
    expect(payload.inlinePolicy.policyDocument).toEqual(IDENTITY_DOC);
    expect(await inlineOf(kind, owner)).toEqual([{ policyName: 'FromString', policyDocument: IDENTITY_DOC }]);
  });

  it('replaces a policy of the same name, keeping one', async () => {
    const owner = `${prefix}-replace`;
    await createOwner(kind, owner);
    dataOf(await put(kind, owner, 'Second', IDENTITY_DOC));
    dataOf(await put(kind, owner, 'First', IDENTITY_DOC));
    const payload = dataOf(await put(kind, owner, 'First', DOC2))[`put${kind}Policy`];
    expect(payload.inlinePolicy).toEqual({ policyName: 'First', policyDocument: DOC2 });
    expect(await inlineOf(kind, owner)).toEqual([
      { policyName: 'First', policyDocument: DOC2 },
      { policyName: 'Second', policyDocument: IDENTITY_DOC },
    ]);
  });

  it('deletes an inline policy', async () => {
    const owner = `${prefix}-delete`;
    await createOwner(kind, owner);
    dataOf(await put(kind, owner, 'Keep', IDENTITY_DOC));
    dataOf(await put(kind, owner, 'Drop', DOC2));
    const payload = dataOf(await remove(kind, owner, 'Drop'))[`delete${kind}Policy`];
    expect(payload[FIELD[kind]].inlinePolicies).toEqual([{ policyName: 'Keep' }]);
    expect(await inlineOf(kind, owner)).toEqual([{ policyName: 'Keep', policyDocument: IDENTITY_DOC }]);
  });

  it('reports deleting an unknown name: NO_SUCH_ENTITY', async () => {
    const owner = `${prefix}-delete-unknown`;
    await createOwner(kind, owner);
    dataOf(await put(kind, owner, 'Present', IDENTITY_DOC));
    expect(errorCodeOf(await remove(kind, owner, 'Absent'))).toBe('NO_SUCH_ENTITY');
    expect(await inlineOf(kind, owner)).toEqual([{ policyName: 'Present', policyDocument: IDENTITY_DOC }]);
  });

  it('reports an unknown owner: NO_SUCH_ENTITY', async () => {
    expect(errorCodeOf(await put(kind, `${prefix}-nobody`, 'P', IDENTITY_DOC))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await remove(kind, `${prefix}-nobody`, 'P'))).toBe('NO_SUCH_ENTITY');
  });

  it('rejects a malformed document: MALFORMED_POLICY_DOCUMENT, keeping the old one', async () => {
    const owner = `${prefix}-malformed`;
    await createOwner(kind, owner);
    dataOf(await put(kind, owner, 'Doc', IDENTITY_DOC));
    const malformed = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'not an action', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
    };
    const response = await put(kind, owner, 'Doc', malformed);
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    const findings = firstError(response).extensions?.findings as Array<Record<string, unknown>>;
    expect(findings).toEqual(
      expect.arrayContaining([
        findingAt('INVALID_ACTION', ['Statement', 0, 'Action']),
        findingAt('UNSUPPORTED_PRINCIPAL', ['Statement', 1, 'Principal']),
      ]),
    );
    expect(errorCodeOf(await put(kind, owner, 'Other', { Statement: [] }))).toBe('MALFORMED_POLICY_DOCUMENT');
    expect(await inlineOf(kind, owner)).toEqual([{ policyName: 'Doc', policyDocument: IDENTITY_DOC }]);
  });

  it.each([
    ['a space', 'bad name'],
    ['a slash', 'bad/name'],
    ['129 characters', 'n'.repeat(129)],
    ['nothing', ''],
  ])('rejects a policy name with %s: BAD_USER_INPUT on policyName', async (what, policyName) => {
    const owner = `${prefix}-name-${what.replace(/\W/g, '')}`;
    await createOwner(kind, owner);
    const response = await put(kind, owner, policyName, IDENTITY_DOC);
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('policyName');
    expect(await inlineOf(kind, owner)).toEqual([]);
  });

  it('accepts a 128-character name of every allowed character', async () => {
    const owner = `${prefix}-name-ok`;
    await createOwner(kind, owner);
    const name = `a+=,.@_-${'z'.repeat(120)}`;
    dataOf(await put(kind, owner, name, IDENTITY_DOC));
    expect(await inlineOf(kind, owner)).toEqual([{ policyName: name, policyDocument: IDENTITY_DOC }]);
  });

  it(`caps all inline policies together at ${QUOTA[kind]} non-whitespace characters: LIMIT_EXCEEDED`, async () => {
    const owner = `${prefix}-quota`;
    await createOwner(kind, owner);
    const big = docOfSize(QUOTA[kind] - 200, 'a');
    dataOf(await put(kind, owner, 'Big', big));
    dataOf(await put(kind, owner, 'Small', docOfSize(200, 'b')));
    // exactly at the quota; replacing Small with another 200 counts only the new document
    dataOf(await put(kind, owner, 'Small', docOfSize(200, 'c')));
    const atQuota = [
      { policyName: 'Big', policyDocument: big },
      { policyName: 'Small', policyDocument: docOfSize(200, 'c') },
    ];
    expect(await inlineOf(kind, owner)).toEqual(atQuota);

    expect(errorCodeOf(await put(kind, owner, 'Small', docOfSize(201, 'd')))).toBe('LIMIT_EXCEEDED');
    expect(errorCodeOf(await put(kind, owner, 'Extra', IDENTITY_DOC))).toBe('LIMIT_EXCEEDED');
    expect(await inlineOf(kind, owner)).toEqual(atQuota);

    // room comes back after a delete
    dataOf(await remove(kind, owner, 'Small'));
    dataOf(await put(kind, owner, 'Extra', IDENTITY_DOC));
    expect((await inlineOf(kind, owner)).map((policy) => policy.policyName)).toEqual(['Big', 'Extra']);
  });

  it('does not count whitespace towards the quota', async () => {
    const owner = `${prefix}-whitespace`;
    await createOwner(kind, owner);
    const full = docOfSize(QUOTA[kind], 'w');
    const padded = JSON.stringify(full, null, 30);
    expect(padded.length).toBeGreaterThan(QUOTA[kind]);
    dataOf(await put(kind, owner, 'Padded', padded));
    expect(await inlineOf(kind, owner)).toEqual([{ policyName: 'Padded', policyDocument: full }]);
    expect(errorCodeOf(await put(kind, owner, 'OneMore', IDENTITY_DOC))).toBe('LIMIT_EXCEEDED');
    expect((await inlineOf(kind, owner)).length).toBe(1);
  });
});

describe('quotas are per owner', () => {
  it('one user at its quota does not limit another', async () => {
    await createOwner('User', 'in-per-owner-a');
    await createOwner('User', 'in-per-owner-b');
    dataOf(await put('User', 'in-per-owner-a', 'Full', docOfSize(2048)));
    dataOf(await put('User', 'in-per-owner-b', 'Full', docOfSize(2048)));
    expect((await inlineOf('User', 'in-per-owner-b')).length).toBe(1);
  });
});

describe('concurrency', () => {
  it('two concurrent puts that together exceed the user quota: one succeeds, one LIMIT_EXCEEDED', async () => {
    await createOwner('User', 'in-race');
    const [first, second] = await Promise.all([put('User', 'in-race', 'One', docOfSize(1100, 'x')), put('User', 'in-race', 'Two', docOfSize(1100, 'y'))]);
    const codes = [first, second].map((response) => (response.errors?.length ? response.errors[0]!.extensions?.code : 'OK')).sort();
    expect(codes).toEqual(['LIMIT_EXCEEDED', 'OK']);
    expect((await inlineOf('User', 'in-race')).map((policy) => policy.policyName)).toEqual([first.errors?.length ? 'Two' : 'One']);
  });

  it('concurrent puts of one new name: all succeed and one policy remains', async () => {
    await createOwner('Role', 'in-race-same');
    const responses = await Promise.all(Array.from({ length: 5 }, () => put('Role', 'in-race-same', 'Same', IDENTITY_DOC)));
    expect(responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(await inlineOf('Role', 'in-race-same')).toEqual([{ policyName: 'Same', policyDocument: IDENTITY_DOC }]);
  });
});
