// createRole, updateRole, updateAssumeRolePolicy, deleteRole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { findingAt } from '../support/findings.ts';
import { EC2_TRUST } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const CREATE = `mutation($input: CreateRoleInput!) { createRole(input: $input) { role { roleId roleName path arn description maxSessionDuration assumeRolePolicyDocument tags { key value } } } }`;
const roleCount = async () => dataOf(await api.gql(`{ roles { totalCount } }`)).roles.totalCount;

describe('createRole', () => {
  it('creates a role with its trust policy, defaults and tags', async () => {
    const { role } = dataOf(await api.gql(CREATE, { input: { roleName: 'web', assumeRolePolicyDocument: EC2_TRUST, tags: [{ key: 'app', value: 'web' }] } })).createRole;
    expect(role.roleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(role.arn).toBe(`arn:aws:iam::${api.accountId}:role/web`);
    expect(role.maxSessionDuration).toBe(3600);
    expect(role.description).toBeNull();
    expect(role.assumeRolePolicyDocument).toEqual(EC2_TRUST);
    expect(role.tags).toEqual([{ key: 'app', value: 'web' }]);
  });

  it('accepts the trust policy as a JSON string', async () => {
    const { role } = dataOf(await api.gql(CREATE, { input: { roleName: 'as-string', assumeRolePolicyDocument: JSON.stringify(EC2_TRUST), maxSessionDuration: 43200 } })).createRole;
    expect(role.assumeRolePolicyDocument).toEqual(EC2_TRUST);
    expect(role.maxSessionDuration).toBe(43200);
  });

  it.each([3599, 43201])('rejects maxSessionDuration %i with BAD_USER_INPUT', async (maxSessionDuration) => {
    const before = await roleCount();
    const response = await api.gql(CREATE, { input: { roleName: 'too-long', assumeRolePolicyDocument: EC2_TRUST, maxSessionDuration } });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe('maxSessionDuration');
    expect(await roleCount()).toBe(before);
  });

  it('rejects a trust policy without Principal, listing the finding', async () => {
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };
    const before = await roleCount();
    const response = await api.gql(CREATE, { input: { roleName: 'untrusting', assumeRolePolicyDocument: bad } });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    const findings = response.errors![0]!.extensions!.findings;
    expect(findings).toContainEqual(findingAt('MISSING_PRINCIPAL', ['Statement', 0]));
    expect(await roleCount()).toBe(before);
  });

  it('rejects a document that is not JSON', async () => {
    const response = await api.gql(CREATE, { input: { roleName: 'garbled', assumeRolePolicyDocument: '{"Version": ' } });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
  });

  it('refuses a duplicate name ignoring case', async () => {
    expect(errorCodeOf(await api.gql(CREATE, { input: { roleName: 'WEB', assumeRolePolicyDocument: EC2_TRUST } }))).toBe('ENTITY_ALREADY_EXISTS');
  });
});

describe('updateRole and updateAssumeRolePolicy', () => {
  it('updates the description and session duration', async () => {
    dataOf(await api.gql(CREATE, { input: { roleName: 'upd', assumeRolePolicyDocument: EC2_TRUST } }));
    const { role } = dataOf(
      await api.gql(`mutation { updateRole(input: {roleName: "upd", description: "batch jobs", maxSessionDuration: 7200}) { role { description maxSessionDuration } } }`),
    ).updateRole;
    expect(role).toEqual({ description: 'batch jobs', maxSessionDuration: 7200 });
  });

  it('replaces the trust policy, and refuses a malformed one without changing it', async () => {
    const next = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${api.accountId}:root` }, Action: 'sts:AssumeRole' }] };
    const updated = dataOf(
      await api.gql(`mutation($doc: JSON!) { updateAssumeRolePolicy(input: {roleName: "upd", policyDocument: $doc}) { role { assumeRolePolicyDocument } } }`, { doc: next }),
    ).updateAssumeRolePolicy;
    expect(updated.role.assumeRolePolicyDocument).toEqual(next);
    const response = await api.gql(`mutation($doc: JSON!) { updateAssumeRolePolicy(input: {roleName: "upd", policyDocument: $doc}) { role { roleName } } }`, {
      doc: { Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Principal: '*', Action: 'sts:AssumeRole' }] },
    });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    expect(dataOf(await api.gql(`{ role(roleName: "upd") { assumeRolePolicyDocument } }`)).role.assumeRolePolicyDocument).toEqual(next);
  });

  it('answers NO_SUCH_ENTITY for a missing role', async () => {
    expect(errorCodeOf(await api.gql(`mutation { updateRole(input: {roleName: "ghost", description: "x"}) { role { roleName } } }`))).toBe('NO_SUCH_ENTITY');
  });
});

describe('deleteRole', () => {
  it('deletes a role and refuses while a policy is attached', async () => {
    dataOf(await api.gql(CREATE, { input: { roleName: 'doomed', assumeRolePolicyDocument: EC2_TRUST } }));
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] };
    dataOf(await api.gql(`mutation($doc: JSON!) { putRolePolicy(input: {roleName: "doomed", policyName: "inline", policyDocument: $doc}) { role { roleName } } }`, { doc }));
    const conflict = await api.gql(`mutation { deleteRole(input: {roleName: "doomed"}) { roleId } }`);
    expect(errorCodeOf(conflict)).toBe('DELETE_CONFLICT');
    expect(conflict.errors![0]!.message).toBe('cannot delete role `doomed`: it still has 1 inline policy');
    dataOf(await api.gql(`mutation { deleteRolePolicy(input: {roleName: "doomed", policyName: "inline"}) { role { roleName } } }`));
    expect(dataOf(await api.gql(`mutation { deleteRole(input: {roleName: "doomed"}) { roleName } }`)).deleteRole.roleName).toBe('doomed');
    expect(dataOf(await api.gql(`{ role(roleName: "doomed") { roleName } }`)).role).toBeNull();
  });
});
