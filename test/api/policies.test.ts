// Managed policies through the API: createPolicy, policy(policyArn), deletePolicy and the
// `policies` listing with its pagination and filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi, firstError } from '../support/api-harness.ts';
import { findingAt } from '../support/findings.ts';
import { createUser, docOfSize, EC2_TRUST, IDENTITY_DOC, policyArn } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const POLICY_FIELDS = `policyId policyName path arn description defaultVersionId attachmentCount permissionsBoundaryUsageCount
  isAttachable tags { key value } defaultVersion { versionId isDefaultVersion document } versions { versionId }`;

const CREATE = `mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { policy { ${POLICY_FIELDS} } } }`;
const DELETE = `mutation($arn: String!) { deletePolicy(input: {policyArn: $arn}) { policyId policyArn } }`;

function create(input: Record<string, unknown>, accountId?: string) {
  return api.gql(CREATE, { input: { policyDocument: IDENTITY_DOC, ...input } }, accountId ? { accountId } : undefined);
}

async function createOk(input: Record<string, unknown>): Promise<Record<string, any>> {
  return dataOf(await create(input)).createPolicy.policy;
}

/** The policy, or null when it does not exist (its lookup answers null, without an error). */
async function readPolicy(arn: string, accountId?: string): Promise<Record<string, any> | null> {
  return dataOf(await api.gql(`query($arn: String!) { policy(policyArn: $arn) { ${POLICY_FIELDS} } }`, { arn }, accountId ? { accountId } : undefined)).policy;
}

async function namesWithPrefix(namePrefix: string): Promise<string[]> {
  const data = dataOf(await api.gql(`query($p: String) { policies(namePrefix: $p) { nodes { policyName } totalCount } }`, { p: namePrefix }));
  return data.policies.nodes.map((node: { policyName: string }) => node.policyName);
}

describe('createPolicy', () => {
  it('creates a policy with path, description and tags, and it reads back', async () => {
    const policy = await createOk({
      policyName: 'cp-full',
      path: '/team/dev/',
      description: 'read objects',
      tags: [{ key: 'team', value: 'blue' }],
    });
    expect(policy).toMatchObject({
      policyName: 'cp-full',
      path: '/team/dev/',
      arn: policyArn(api, 'cp-full', '/team/dev/'),
      description: 'read objects',
      defaultVersionId: 'v1',
      attachmentCount: 0,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      tags: [{ key: 'team', value: 'blue' }],
      defaultVersion: { versionId: 'v1', isDefaultVersion: true, document: IDENTITY_DOC },
      versions: [{ versionId: 'v1' }],
    });
    expect(policy.policyId).toMatch(/^ANPA[A-Z0-9]+$/);

    const read = await readPolicy(policyArn(api, 'cp-full', '/team/dev/'));
    expect(read).toEqual(policy);
  });

  it('defaults the path to / and the description to null', async () => {
    const policy = await createOk({ policyName: 'cp-defaults' });
    expect(policy.path).toBe('/');
    expect(policy.arn).toBe(policyArn(api, 'cp-defaults'));
    expect(policy.description).toBeNull();
    expect(policy.tags).toEqual([]);
    expect((await readPolicy(policyArn(api, 'cp-defaults')))?.policyName).toBe('cp-defaults');
  });

  it('accepts the document as a string holding JSON', async () => {
    const policy = await createOk({ policyName: 'cp-string-doc', policyDocument: JSON.stringify(IDENTITY_DOC) });
    expect(policy.defaultVersion.document).toEqual(IDENTITY_DOC);
    expect((await readPolicy(policyArn(api, 'cp-string-doc')))?.defaultVersion.document).toEqual(IDENTITY_DOC);
  });

  it('accepts every allowed name character and a 128-character name', async () => {
    const odd = 'cp_A+b=c,d.e@f-9';
    expect((await createOk({ policyName: odd })).arn).toBe(policyArn(api, odd));
    const long = `cp${'x'.repeat(126)}`;
    expect((await createOk({ policyName: long })).policyName).toBe(long);
    expect((await readPolicy(policyArn(api, long)))?.policyName).toBe(long);
  });

  it.each([
    ['a space', 'cp bad'],
    ['a slash', 'cp/bad'],
    ['a colon', 'cp:bad'],
    ['129 characters', `cp${'y'.repeat(127)}`],
    ['nothing', ''],
  ])('rejects a name with %s: BAD_USER_INPUT on policyName', async (_what, policyName) => {
    const response = await create({ policyName });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('policyName');
    if (policyName) expect(await readPolicy(policyArn(api, policyName))).toBeNull();
  });

  it.each([
    ['no leading slash', 'team/'],
    ['no trailing slash', '/team'],
    ['a double slash', '/team//dev/'],
    ['a space', '/te am/'],
    ['513 characters', `/${'p'.repeat(511)}/`],
  ])('rejects a path with %s: BAD_USER_INPUT on path', async (what, path) => {
    const policyName = `cp-badpath-${what.replace(/\W/g, '')}`;
    const response = await create({ policyName, path });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('path');
    expect(await namesWithPrefix(policyName)).toEqual([]);
  });

  it('rejects a name taken ignoring case, even on another path: ENTITY_ALREADY_EXISTS', async () => {
    await createOk({ policyName: 'cp-Dup', description: 'first' });
    for (const input of [{ policyName: 'CP-DUP' }, { policyName: 'cp-dup', path: '/other/' }]) {
      expect(errorCodeOf(await create({ ...input, description: 'second' }))).toBe('ENTITY_ALREADY_EXISTS');
    }
    const data = dataOf(await api.gql(`{ policies(namePrefix: "cp-dup") { totalCount nodes { policyName path description } } }`));
    expect(data.policies.totalCount).toBe(1);
    expect(data.policies.nodes).toEqual([{ policyName: 'cp-Dup', path: '/', description: 'first' }]);
  });

  it('reports every problem of a malformed document at once: MALFORMED_POLICY_DOCUMENT', async () => {
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' },
      ],
    };
    const response = await create({ policyName: 'cp-malformed', policyDocument: document });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    const findings = firstError(response).extensions?.findings as Array<Record<string, unknown>>;
    expect(Array.isArray(findings)).toBe(true);
    for (const finding of findings) {
      expect(finding).toEqual({ findingType: expect.any(String), issueCode: expect.any(String), findingDetails: expect.any(String), locations: expect.any(Array) });
    }
    expect(findings).toEqual(
      expect.arrayContaining([
        findingAt('MISSING_EFFECT', ['Statement', 0]),
        findingAt('CONFLICTING_ELEMENTS', ['Statement', 1, 'NotAction']),
      ]),
    );
    expect(await readPolicy(policyArn(api, 'cp-malformed'))).toBeNull();
  });

  it('rejects a Principal in an identity policy: MALFORMED_POLICY_DOCUMENT', async () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] };
    const response = await create({ policyName: 'cp-principal', policyDocument: document });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    const findings = firstError(response).extensions?.findings as Array<Record<string, unknown>>;
    expect(findings).toEqual(
      expect.arrayContaining([findingAt('UNSUPPORTED_PRINCIPAL', ['Statement', 0, 'Principal'])]),
    );
    expect(await readPolicy(policyArn(api, 'cp-principal'))).toBeNull();
  });

  it('rejects a string that is not JSON: MALFORMED_POLICY_DOCUMENT', async () => {
    const response = await create({ policyName: 'cp-notjson', policyDocument: '{"Version": ' });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    expect((firstError(response).extensions?.findings as unknown[]).length).toBeGreaterThan(0);
    expect(await readPolicy(policyArn(api, 'cp-notjson'))).toBeNull();
  });

  it('allows 6144 non-whitespace characters and rejects 6145: LIMIT_EXCEEDED', async () => {
    expect((await createOk({ policyName: 'cp-size-6144', policyDocument: docOfSize(6144) })).defaultVersionId).toBe('v1');
    expect(errorCodeOf(await create({ policyName: 'cp-size-6145', policyDocument: docOfSize(6145) }))).toBe('LIMIT_EXCEEDED');
    expect(await readPolicy(policyArn(api, 'cp-size-6145'))).toBeNull();
  });

  it('does not count whitespace towards the size limit', async () => {
    const padded = JSON.stringify(docOfSize(6000), null, 40);
    expect(padded.length).toBeGreaterThan(6144);
    const policy = await createOk({ policyName: 'cp-size-padded', policyDocument: padded });
    expect(policy.defaultVersion.document).toEqual(docOfSize(6000));
  });

  it('rejects a description over 1000 characters: BAD_USER_INPUT on description', async () => {
    expect((await createOk({ policyName: 'cp-desc-1000', description: 'd'.repeat(1000) })).description).toBe('d'.repeat(1000));
    const response = await create({ policyName: 'cp-desc-1001', description: 'd'.repeat(1001) });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('description');
    expect(await readPolicy(policyArn(api, 'cp-desc-1001'))).toBeNull();
  });

  it('rejects duplicate tag keys ignoring case: BAD_USER_INPUT on the second', async () => {
    const response = await create({ policyName: 'cp-dup-tags', tags: [{ key: 'Team', value: 'a' }, { key: 'team', value: 'b' }] });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('tags[1].key');
    expect(await readPolicy(policyArn(api, 'cp-dup-tags'))).toBeNull();
  });

  it('concurrent creates of one name in different cases: exactly one wins, the rest ENTITY_ALREADY_EXISTS', async () => {
    const names = ['cp-race', 'CP-RACE', 'Cp-Race', 'cP-rAcE', 'cp-RACE'];
    const responses = await Promise.all(names.map((policyName) => create({ policyName })));
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((code) => code === 'OK').length).toBe(1);
    expect(codes.filter((code) => code === 'ENTITY_ALREADY_EXISTS').length).toBe(4);
    const winner = names[codes.indexOf('OK')]!;
    expect(await namesWithPrefix('cp-race')).toEqual([winner]);
  });

  it.each([
    ['a number', 42],
    ['an array', [IDENTITY_DOC]],
  ])('rejects a document that is %s: BAD_USER_INPUT on policyDocument', async (what, policyDocument) => {
    const policyName = `cp-doc-${what.replace(/\W/g, '')}`;
    const response = await create({ policyName, policyDocument });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('policyDocument');
    expect(await readPolicy(policyArn(api, policyName))).toBeNull();
  });

  it('rejects more than 50 tags: LIMIT_EXCEEDED', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect(errorCodeOf(await create({ policyName: 'cp-51-tags', tags }))).toBe('LIMIT_EXCEEDED');
    expect(await readPolicy(policyArn(api, 'cp-51-tags'))).toBeNull();
  });
});

describe('policy(policyArn)', () => {
  it('finds a policy only by its exact ARN, path included', async () => {
    await createOk({ policyName: 'rd-one', path: '/rd/' });
    expect((await readPolicy(policyArn(api, 'rd-one', '/rd/')))?.policyName).toBe('rd-one');
    expect((await readPolicy(policyArn(api, 'RD-ONE', '/rd/')))?.policyName).toBe('rd-one');
    expect(await readPolicy(policyArn(api, 'rd-one', '/'))).toBeNull();
    expect(await readPolicy(policyArn(api, 'rd-missing', '/rd/'))).toBeNull();
  });
});

describe('deletePolicy', () => {
  it('deletes a policy', async () => {
    const policy = await createOk({ policyName: 'del-ok', path: '/del/', tags: [{ key: 'a', value: 'b' }] });
    const deleted = dataOf(await api.gql(DELETE, { arn: policy.arn })).deletePolicy;
    expect(deleted).toEqual({ policyId: policy.policyId, policyArn: policyArn(api, 'del-ok', '/del/') });
    expect(await readPolicy(policy.arn)).toBeNull();
    expect(await namesWithPrefix('del-ok')).toEqual([]);
    // the name is free again
    expect((await createOk({ policyName: 'del-ok' })).defaultVersionId).toBe('v1');
  });

  it('refuses while the policy is attached: DELETE_CONFLICT', async () => {
    const policy = await createOk({ policyName: 'del-attached' });
    await createUser(api, 'del-attached-user');
    dataOf(await api.gql(`mutation($arn: String!) { attachUserPolicy(input: {userName: "del-attached-user", policyArn: $arn}) { user { userName } } }`, { arn: policy.arn }));
    const response = await api.gql(DELETE, { arn: policy.arn });
    expect(errorCodeOf(response)).toBe('DELETE_CONFLICT');
    expect(firstError(response).message).toMatch(/1 attachment/);
    const after = await readPolicy(policy.arn);
    expect(after?.attachmentCount).toBe(1);
    expect(after?.policyId).toBe(policy.policyId);
  });

  it('refuses while the policy is a permissions boundary: DELETE_CONFLICT', async () => {
    const policy = await createOk({ policyName: 'del-boundary' });
    dataOf(await api.gql(`mutation($arn: String!) { createUser(input: {userName: "del-boundary-user", permissionsBoundary: $arn}) { user { userName } } }`, { arn: policy.arn }));
    const response = await api.gql(DELETE, { arn: policy.arn });
    expect(errorCodeOf(response)).toBe('DELETE_CONFLICT');
    expect(firstError(response).message).toMatch(/permissions boundary/);
    const after = await readPolicy(policy.arn);
    expect(after?.permissionsBoundaryUsageCount).toBe(1);
    expect(after?.policyId).toBe(policy.policyId);
  });

  it('lists every blocker, and deletes once they are gone', async () => {
    const policy = await createOk({ policyName: 'del-both', path: '/both/' });
    await createUser(api, 'del-both-user');
    dataOf(await api.gql(`mutation($arn: String!) { attachUserPolicy(input: {userName: "del-both-user", policyArn: $arn}) { user { userName } } }`, { arn: policy.arn }));
    dataOf(await api.gql(`mutation($doc: JSON!, $arn: String) { createRole(input: {roleName: "del-both-role", assumeRolePolicyDocument: $doc, permissionsBoundary: $arn}) { role { roleName } } }`, { doc: EC2_TRUST, arn: policy.arn }));
    dataOf(await api.gql(`mutation($arn: String!, $doc: JSON!) { createPolicyVersion(input: {policyArn: $arn, policyDocument: $doc}) { policyVersion { versionId } } }`, { arn: policy.arn, doc: IDENTITY_DOC }));

    const response = await api.gql(DELETE, { arn: policy.arn });
    expect(errorCodeOf(response)).toBe('DELETE_CONFLICT');
    expect(firstError(response).message).toMatch(/1 attachment/);
    expect(firstError(response).message).toMatch(/1 permissions boundary/);
    expect((await readPolicy(policy.arn))?.versions).toEqual([{ versionId: 'v2' }, { versionId: 'v1' }]);

    dataOf(await api.gql(`mutation($arn: String!) { detachUserPolicy(input: {userName: "del-both-user", policyArn: $arn}) { user { userName } } }`, { arn: policy.arn }));
    dataOf(await api.gql(`mutation { deleteRolePermissionsBoundary(input: {roleName: "del-both-role"}) { role { roleName } } }`));
    expect(dataOf(await api.gql(DELETE, { arn: policy.arn })).deletePolicy.policyId).toBe(policy.policyId);
    expect(await readPolicy(policy.arn)).toBeNull();
  });

  it('reports an unknown policy: NO_SUCH_ENTITY', async () => {
    expect(errorCodeOf(await api.gql(DELETE, { arn: policyArn(api, 'del-never-created') }))).toBe('NO_SUCH_ENTITY');
  });

  it('refuses another account\'s policy: ACCESS_DENIED, as for one that does not exist, and leaves it alone', async () => {
    const other = (await api.createAccount()).accountId;
    expect(other).not.toBe(api.accountId);
    const theirs = dataOf(await create({ policyName: 'del-foreign' }, other)).createPolicy.policy;
    expect(theirs.arn).toBe(`arn:aws:iam::${other}:policy/del-foreign`);

    expect(errorCodeOf(await api.gql(DELETE, { arn: theirs.arn }))).toBe('ACCESS_DENIED');
    expect(errorCodeOf(await api.gql(DELETE, { arn: `arn:aws:iam::${other}:policy/never-was` }))).toBe('ACCESS_DENIED');
    expect(errorCodeOf(await api.gql(`query($arn: String!) { policy(policyArn: $arn) { arn } }`, { arn: theirs.arn }))).toBe('ACCESS_DENIED');
    expect((await readPolicy(theirs.arn, other))?.policyId).toBe(theirs.policyId);
    expect(await namesWithPrefix('del-foreign')).toEqual([]);
  });
});

describe('policies listing', () => {
  // The pages are narrowed to this describe's policies by path; a second walk narrows them by name.
  const PAGE = `query($first: Int, $after: String, $pathPrefix: String, $namePrefix: String) {
    policies(first: $first, after: $after, pathPrefix: $pathPrefix, namePrefix: $namePrefix) {
      totalCount edges { cursor node { policyName } } nodes { policyName }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  const names = ['pg-a', 'pg-B', 'pg-c', 'pg-D', 'pg-e', 'pg-f', 'pg-g'];

  beforeAll(async () => {
    for (const name of [...names].reverse()) await createOk({ policyName: name, path: '/pg/' });
  });

  it.each([
    ['path prefix', { pathPrefix: '/pg/' }],
    ['name prefix', { namePrefix: 'pg-' }],
  ])('walks every policy exactly once across pages, ordered by name (filtered by %s)', async (_what, filter) => {
    const seen: string[] = [];
    const pages: Array<Record<string, any>> = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Record<string, any> = dataOf(await api.gql(PAGE, { first: 3, after, ...filter })).policies;
      pages.push(page);
      expect(page.totalCount).toBe(7);
      expect(page.nodes).toEqual(page.edges.map((edge: { node: unknown }) => edge.node));
      seen.push(...page.nodes.map((node: { policyName: string }) => node.policyName));
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(names);
    expect(pages.map((page) => page.nodes.length)).toEqual([3, 3, 1]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((page) => page.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
  });

  it('says there is no next page when the page ends exactly at the last item', async () => {
    const page = dataOf(await api.gql(PAGE, { first: 7, pathPrefix: '/pg/' })).policies;
    expect(page.nodes.length).toBe(7);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const rest = dataOf(await api.gql(PAGE, { first: 7, pathPrefix: '/pg/', after: page.pageInfo.endCursor })).policies;
    expect(rest.nodes).toEqual([]);
    expect(rest.totalCount).toBe(7);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it.each([0, -1, 101])('rejects first: %i with BAD_USER_INPUT on first', async (first) => {
    const response = await api.gql(PAGE, { first, pathPrefix: '/pg/' });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('first');
  });

  it('accepts first: 1 and first: 100', async () => {
    expect(dataOf(await api.gql(PAGE, { first: 1, pathPrefix: '/pg/' })).policies.nodes).toEqual([{ policyName: 'pg-a' }]);
    expect(dataOf(await api.gql(PAGE, { first: 100, pathPrefix: '/pg/' })).policies.nodes.length).toBe(7);
  });

  it('rejects a cursor it did not give out: BAD_USER_INPUT on after', async () => {
    const response = await api.gql(PAGE, { first: 3, pathPrefix: '/pg/', after: 'not-a-cursor' });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('after');
  });

  describe('filters', () => {
    beforeAll(async () => {
      await createOk({ policyName: 'flt-one', path: '/flt/a/', tags: [{ key: 'Team', value: 'blue' }] });
      await createOk({ policyName: 'flt-two', path: '/flt/b/', tags: [{ key: 'team', value: 'red' }] });
      await createOk({ policyName: 'FLT-three', path: '/elsewhere/' });
      await createUser(api, 'flt-user');
      dataOf(await api.gql(`mutation($arn: String!) { attachUserPolicy(input: {userName: "flt-user", policyArn: $arn}) { user { userName } } }`, { arn: policyArn(api, 'flt-two', '/flt/b/') }));
    });

    async function list(args: string): Promise<{ names: string[]; totalCount: number }> {
      const data = dataOf(await api.gql(`{ policies(${args}) { totalCount nodes { policyName } } }`));
      return { names: data.policies.nodes.map((node: { policyName: string }) => node.policyName), totalCount: data.policies.totalCount };
    }

    it('filters by path prefix', async () => {
      expect(await list('pathPrefix: "/flt/"')).toEqual({ names: ['flt-one', 'flt-two'], totalCount: 2 });
      expect(await list('pathPrefix: "/flt/b/"')).toEqual({ names: ['flt-two'], totalCount: 1 });
    });

    it('rejects a path prefix without a leading slash: BAD_USER_INPUT on pathPrefix', async () => {
      const response = await api.gql(`{ policies(pathPrefix: "flt/") { totalCount } }`);
      expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
      expect(firstError(response).extensions?.field).toBe('pathPrefix');
    });

    it('filters by name prefix ignoring case', async () => {
      const expected = { names: ['flt-one', 'FLT-three', 'flt-two'], totalCount: 3 };
      expect(await list('namePrefix: "flt-"')).toEqual(expected);
      expect(await list('namePrefix: "FlT-"')).toEqual(expected);
      expect(await list('namePrefix: "flt-t"')).toEqual({ names: ['FLT-three', 'flt-two'], totalCount: 2 });
    });

    it('filters by tag key ignoring case, and by exact value', async () => {
      expect(await list('namePrefix: "flt-", tag: {key: "TEAM"}')).toEqual({ names: ['flt-one', 'flt-two'], totalCount: 2 });
      expect(await list('namePrefix: "flt-", tag: {key: "team", value: "red"}')).toEqual({ names: ['flt-two'], totalCount: 1 });
      expect(await list('namePrefix: "flt-", tag: {key: "team", value: "RED"}')).toEqual({ names: [], totalCount: 0 });
    });

    it('lists only attached policies when asked', async () => {
      expect(await list('namePrefix: "flt-", onlyAttached: true')).toEqual({ names: ['flt-two'], totalCount: 1 });
      expect((await list('namePrefix: "flt-", onlyAttached: false')).totalCount).toBe(3);
    });

    it('lists no AWS-managed policies and every local one', async () => {
      expect(await list('namePrefix: "flt-", scope: AWS')).toEqual({ names: [], totalCount: 0 });
      expect(await list('namePrefix: "flt-", scope: LOCAL')).toEqual({ names: ['flt-one', 'FLT-three', 'flt-two'], totalCount: 3 });
      expect(await list('namePrefix: "flt-", scope: ALL')).toEqual({ names: ['flt-one', 'FLT-three', 'flt-two'], totalCount: 3 });
    });

    it('treats `_` and `%` in a name prefix as plain characters', async () => {
      await createOk({ policyName: 'wc_under' });
      await createOk({ policyName: 'wcXunder' });
      expect({ underscore: await list('namePrefix: "wc_"'), percent: await list('namePrefix: "wc%"') }).toEqual({
        underscore: { names: ['wc_under'], totalCount: 1 },
        percent: { names: [], totalCount: 0 },
      });
    });

    it('combines filters', async () => {
      expect(await list('pathPrefix: "/flt/", namePrefix: "FLT-O", tag: {key: "team", value: "blue"}, scope: LOCAL')).toEqual({ names: ['flt-one'], totalCount: 1 });
    });
  });
});

describe('roles and policies side by side', () => {
  it('a role attaching a policy counts as an attachment', async () => {
    const policy = await createOk({ policyName: 'side-role-pol' });
    dataOf(await api.gql(`mutation($doc: JSON!) { createRole(input: {roleName: "side-role", assumeRolePolicyDocument: $doc}) { role { roleName } } }`, { doc: EC2_TRUST }));
    dataOf(await api.gql(`mutation($arn: String!) { attachRolePolicy(input: {roleName: "side-role", policyArn: $arn}) { role { roleName } } }`, { arn: policy.arn }));
    expect((await readPolicy(policy.arn))?.attachmentCount).toBe(1);
    expect(errorCodeOf(await api.gql(DELETE, { arn: policy.arn }))).toBe('DELETE_CONFLICT');
  });
});
