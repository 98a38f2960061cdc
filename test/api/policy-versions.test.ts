// Managed policy versions through the API: createPolicyVersion, setDefaultPolicyVersion,
// deletePolicyVersion and the `versions` field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi, firstError } from '../support/api-harness.ts';
import { findingAt } from '../support/findings.ts';
import { createPolicy, IDENTITY_DOC } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

/** A distinct valid identity policy per action name. */
const docFor = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `s3:${action}`, Resource: '*' }] });

const VERSION_FIELDS = 'versionId isDefaultVersion document';
const POLICY_FIELDS = `arn defaultVersionId defaultVersion { ${VERSION_FIELDS} } versions { ${VERSION_FIELDS} }`;

const CREATE_VERSION = `mutation($input: CreatePolicyVersionInput!) {
  createPolicyVersion(input: $input) { policyVersion { ${VERSION_FIELDS} createDate } policy { ${POLICY_FIELDS} } }
}`;
const SET_DEFAULT = `mutation($arn: String!, $v: String!) { setDefaultPolicyVersion(input: {policyArn: $arn, versionId: $v}) { policy { ${POLICY_FIELDS} } } }`;
const DELETE_VERSION = `mutation($arn: String!, $v: String!) { deletePolicyVersion(input: {policyArn: $arn, versionId: $v}) { policy { ${POLICY_FIELDS} } } }`;

async function readPolicy(arn: string): Promise<Record<string, any>> {
  return dataOf(await api.gql(`query($arn: String!) { policy(policyArn: $arn) { ${POLICY_FIELDS} } }`, { arn })).policy;
}

function createVersion(policyArn: string, policyDocument: unknown, setAsDefault?: boolean) {
  return api.gql(CREATE_VERSION, { input: { policyArn, policyDocument, ...(setAsDefault === undefined ? {} : { setAsDefault }) } });
}

async function createVersionOk(policyArn: string, policyDocument: unknown, setAsDefault?: boolean): Promise<Record<string, any>> {
  return dataOf(await createVersion(policyArn, policyDocument, setAsDefault)).createPolicyVersion;
}

const versionIds = (policy: Record<string, any>) => policy.versions.map((version: { versionId: string }) => version.versionId);
const defaults = (policy: Record<string, any>) => policy.versions.map((version: { isDefaultVersion: boolean }) => version.isDefaultVersion);

describe('createPolicyVersion', () => {
  it('adds v2 and v3 without changing the default unless asked', async () => {
    const arn = await createPolicy(api, 'pv-numbering');
    const v2 = await createVersionOk(arn, docFor('PutObject'));
    expect(v2.policyVersion).toMatchObject({ versionId: 'v2', isDefaultVersion: false, document: docFor('PutObject') });
    expect(v2.policy.defaultVersionId).toBe('v1');
    expect(versionIds(v2.policy)).toEqual(['v2', 'v1']);

    const v3 = await createVersionOk(arn, docFor('DeleteObject'), false);
    expect(v3.policyVersion.versionId).toBe('v3');

    const read = await readPolicy(arn);
    expect(read.defaultVersionId).toBe('v1');
    expect(read.defaultVersion).toEqual({ versionId: 'v1', isDefaultVersion: true, document: IDENTITY_DOC });
    expect(read.versions).toEqual([
      { versionId: 'v3', isDefaultVersion: false, document: docFor('DeleteObject') },
      { versionId: 'v2', isDefaultVersion: false, document: docFor('PutObject') },
      { versionId: 'v1', isDefaultVersion: true, document: IDENTITY_DOC },
    ]);
  });

  it('makes the new version the default with setAsDefault', async () => {
    const arn = await createPolicy(api, 'pv-set-default');
    const created = await createVersionOk(arn, docFor('ListBucket'), true);
    expect(created.policyVersion).toMatchObject({ versionId: 'v2', isDefaultVersion: true });
    expect(created.policy.defaultVersionId).toBe('v2');
    expect(created.policy.defaultVersion.document).toEqual(docFor('ListBucket'));

    const read = await readPolicy(arn);
    expect(read.defaultVersionId).toBe('v2');
    expect(read.defaultVersion).toEqual({ versionId: 'v2', isDefaultVersion: true, document: docFor('ListBucket') });
    expect(versionIds(read)).toEqual(['v2', 'v1']);
    expect(defaults(read)).toEqual([true, false]);
  });

  it('moves the policy\'s updateDate to the new version\'s creation', async () => {
    const arn = await createPolicy(api, 'pv-update-date');
    const query = `query($arn: String!) { policy(policyArn: $arn) { createDate updateDate } }`;
    const before = dataOf(await api.gql(query, { arn })).policy;
    expect(before.updateDate).toBe(before.createDate);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const created = await createVersionOk(arn, docFor('A2'));
    const after = dataOf(await api.gql(query, { arn })).policy;
    expect(after.createDate).toBe(before.createDate);
    expect(new Date(after.updateDate).getTime()).toBeGreaterThan(new Date(before.updateDate).getTime());
    expect(Math.abs(new Date(after.updateDate).getTime() - new Date(created.policyVersion.createDate).getTime())).toBeLessThan(1000);
  });

  it('accepts the document as a string', async () => {
    const arn = await createPolicy(api, 'pv-string');
    const created = await createVersionOk(arn, JSON.stringify(docFor('GetBucketAcl')), true);
    expect(created.policyVersion.document).toEqual(docFor('GetBucketAcl'));
    expect((await readPolicy(arn)).defaultVersion.document).toEqual(docFor('GetBucketAcl'));
  });

  it('keeps at most 5 versions: LIMIT_EXCEEDED on the sixth', async () => {
    const arn = await createPolicy(api, 'pv-five');
    for (const action of ['A2', 'A3', 'A4', 'A5']) await createVersionOk(arn, docFor(action));
    expect(versionIds(await readPolicy(arn))).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);

    expect(errorCodeOf(await createVersion(arn, docFor('A6'), true))).toBe('LIMIT_EXCEEDED');
    const read = await readPolicy(arn);
    expect(versionIds(read)).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
    expect(read.defaultVersionId).toBe('v1');
  });

  it('never reuses a version number: after deleting v2, the next is v6', async () => {
    const arn = await createPolicy(api, 'pv-no-reuse');
    for (const action of ['A2', 'A3', 'A4', 'A5']) await createVersionOk(arn, docFor(action));
    dataOf(await api.gql(DELETE_VERSION, { arn, v: 'v2' }));
    const created = await createVersionOk(arn, docFor('A6'));
    expect(created.policyVersion.versionId).toBe('v6');
    expect(versionIds(await readPolicy(arn))).toEqual(['v6', 'v5', 'v4', 'v3', 'v1']);
  });

  it('rejects a malformed document: MALFORMED_POLICY_DOCUMENT with findings, and adds nothing', async () => {
    const arn = await createPolicy(api, 'pv-malformed');
    const response = await createVersion(arn, { Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: 's3:GetObject', Resource: '*' }] }, true);
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    const findings = firstError(response).extensions?.findings as Array<Record<string, unknown>>;
    expect(findings).toEqual(
      expect.arrayContaining([findingAt('INVALID_EFFECT', ['Statement', 0, 'Effect'])]),
    );
    const read = await readPolicy(arn);
    expect(versionIds(read)).toEqual(['v1']);
    expect(read.defaultVersionId).toBe('v1');
  });

  it('rejects a document over 6144 non-whitespace characters: LIMIT_EXCEEDED', async () => {
    const arn = await createPolicy(api, 'pv-too-big');
    const big = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(6200)}` }] };
    expect(errorCodeOf(await createVersion(arn, big))).toBe('LIMIT_EXCEEDED');
    expect(versionIds(await readPolicy(arn))).toEqual(['v1']);
    // the next version still gets number 2
    expect((await createVersionOk(arn, docFor('A2'))).policyVersion.versionId).toBe('v2');
  });

  it('reports an unknown policy: NO_SUCH_ENTITY', async () => {
    const arn = `arn:aws:iam::${api.accountId}:policy/pv-never-created`;
    expect(errorCodeOf(await createVersion(arn, IDENTITY_DOC))).toBe('NO_SUCH_ENTITY');
  });
});

describe('setDefaultPolicyVersion', () => {
  let arn: string;
  beforeAll(async () => {
    arn = await createPolicy(api, 'pv-switch');
    await createVersionOk(arn, docFor('A2'));
    await createVersionOk(arn, docFor('A3'));
  });

  it('switches the default version', async () => {
    const policy = dataOf(await api.gql(SET_DEFAULT, { arn, v: 'v2' })).setDefaultPolicyVersion.policy;
    expect(policy.defaultVersionId).toBe('v2');
    expect(policy.defaultVersion).toEqual({ versionId: 'v2', isDefaultVersion: true, document: docFor('A2') });
    const read = await readPolicy(arn);
    expect(read.defaultVersionId).toBe('v2');
    expect(read.defaultVersion.document).toEqual(docFor('A2'));
    expect(defaults(read)).toEqual([false, true, false]);
  });

  it.each(['x1', 'v0', '1', 'v', 'V2', 'v2 '])('rejects the version id %j: BAD_USER_INPUT on versionId', async (versionId) => {
    const before = await readPolicy(arn);
    const response = await api.gql(SET_DEFAULT, { arn, v: versionId });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(firstError(response).extensions?.field).toBe('versionId');
    expect(await readPolicy(arn)).toEqual(before);
  });

  it('reports a missing version: NO_SUCH_ENTITY', async () => {
    const before = await readPolicy(arn);
    expect(errorCodeOf(await api.gql(SET_DEFAULT, { arn, v: 'v9' }))).toBe('NO_SUCH_ENTITY');
    expect(await readPolicy(arn)).toEqual(before);
  });

  it('reports an unknown policy: NO_SUCH_ENTITY', async () => {
    expect(errorCodeOf(await api.gql(SET_DEFAULT, { arn: `arn:aws:iam::${api.accountId}:policy/pv-nope`, v: 'v1' }))).toBe('NO_SUCH_ENTITY');
  });
});

describe('deletePolicyVersion', () => {
  it('removes a version that is not the default', async () => {
    const arn = await createPolicy(api, 'pv-delete');
    await createVersionOk(arn, docFor('A2'));
    await createVersionOk(arn, docFor('A3'));
    const policy = dataOf(await api.gql(DELETE_VERSION, { arn, v: 'v2' })).deletePolicyVersion.policy;
    expect(versionIds(policy)).toEqual(['v3', 'v1']);
    const read = await readPolicy(arn);
    expect(read.versions).toEqual([
      { versionId: 'v3', isDefaultVersion: false, document: docFor('A3') },
      { versionId: 'v1', isDefaultVersion: true, document: IDENTITY_DOC },
    ]);
    expect(read.defaultVersionId).toBe('v1');
    // gone for good
    expect(errorCodeOf(await api.gql(SET_DEFAULT, { arn, v: 'v2' }))).toBe('NO_SUCH_ENTITY');
  });

  it('refuses to delete the default version: DELETE_CONFLICT', async () => {
    const arn = await createPolicy(api, 'pv-delete-default');
    await createVersionOk(arn, docFor('A2'), true);
    const response = await api.gql(DELETE_VERSION, { arn, v: 'v2' });
    expect(errorCodeOf(response)).toBe('DELETE_CONFLICT');
    expect(firstError(response).message).toMatch(/default/);
    const read = await readPolicy(arn);
    expect(versionIds(read)).toEqual(['v2', 'v1']);
    expect(read.defaultVersionId).toBe('v2');
  });

  it('refuses to delete the only version, which is the default: DELETE_CONFLICT', async () => {
    const arn = await createPolicy(api, 'pv-delete-only');
    expect(errorCodeOf(await api.gql(DELETE_VERSION, { arn, v: 'v1' }))).toBe('DELETE_CONFLICT');
    expect(versionIds(await readPolicy(arn))).toEqual(['v1']);
  });

  it('reports a missing version: NO_SUCH_ENTITY, and a bad id: BAD_USER_INPUT', async () => {
    const arn = await createPolicy(api, 'pv-delete-missing');
    await createVersionOk(arn, docFor('A2'));
    expect(errorCodeOf(await api.gql(DELETE_VERSION, { arn, v: 'v7' }))).toBe('NO_SUCH_ENTITY');
    const bad = await api.gql(DELETE_VERSION, { arn, v: 'x2' });
    expect(errorCodeOf(bad)).toBe('BAD_USER_INPUT');
    expect(firstError(bad).extensions?.field).toBe('versionId');
    expect(versionIds(await readPolicy(arn))).toEqual(['v2', 'v1']);
  });

  it('reports an unknown policy: NO_SUCH_ENTITY', async () => {
    expect(errorCodeOf(await api.gql(DELETE_VERSION, { arn: `arn:aws:iam::${api.accountId}:policy/pv-nope`, v: 'v2' }))).toBe('NO_SUCH_ENTITY');
  });
});

describe('concurrency', () => {
  it('10 concurrent createPolicyVersion calls: 4 succeed with v2..v5, the rest LIMIT_EXCEEDED', async () => {
    const arn = await createPolicy(api, 'pv-race');
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => createVersion(arn, docFor(`Race${i}`))));
    const codes = responses.map((response) => (response.errors?.length ? response.errors[0]!.extensions?.code : 'OK'));
    expect(codes.filter((code) => code === 'OK').length).toBe(4);
    expect(codes.filter((code) => code === 'LIMIT_EXCEEDED').length).toBe(6);
    const created = responses.flatMap((response) => (response.errors?.length ? [] : [response.data!.createPolicyVersion.policyVersion.versionId]));
    expect([...created].sort()).toEqual(['v2', 'v3', 'v4', 'v5']);
    expect(versionIds(await readPolicy(arn))).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
  });
});
