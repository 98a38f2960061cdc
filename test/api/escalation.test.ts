// The known AWS privilege-escalation paths, each walked by a user allowed everything (`*`): with
// a permissions boundary that allows only reads, every one is ACCESS_DENIED and writes nothing;
// without it, every one gets past authorization. Then the two rules Gatehouse adds or keeps:
// createPolicyVersion with setAsDefault needs iam:SetDefaultPolicyVersion, and a delegated
// administrator held to an iam:PermissionsBoundary condition cannot create unbounded users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createGroup, createPolicy, createRole, createUser } from '../support/fixtures.ts';
import { allow, iamCaller, putPolicy, tableDigests } from '../support/iam-callers.ts';

let api: TestApi;
let policyArn: string;
let boundaryArn: string;
const DOC = allow('s3:GetObject');

/** Each path as `[name, operation, input for the climbing user]`. */
const PATHS: Array<[string, string, (self: string) => Record<string, unknown>]> = [
  ['PutUserPolicy on itself', 'putUserPolicy(input: $input) { __typename }', (self) => ({ userName: self, policyName: 'mine', policyDocument: allow('*') })],
  ['AttachUserPolicy on itself', 'attachUserPolicy(input: $input) { __typename }', (self) => ({ userName: self, policyArn })],
  ['AddUserToGroup for itself', 'addUserToGroup(input: $input) { __typename }', (self) => ({ userName: self, groupName: 'admins' })],
  ['CreatePolicyVersion as default', 'createPolicyVersion(input: $input) { __typename }', () => ({ policyArn, policyDocument: allow('*'), setAsDefault: true })],
  ['SetDefaultPolicyVersion', 'setDefaultPolicyVersion(input: $input) { __typename }', () => ({ policyArn, versionId: 'v1' })],
  ['CreateAccessKey for another user', 'createAccessKey(input: $input) { __typename }', () => ({ userName: 'victim' })],
  ['CreateLoginProfile for another user', 'createLoginProfile(input: $input) { __typename }', () => ({ userName: 'victim', password: 'a password for the victim' })],
  ['UpdateAssumeRolePolicy', 'updateAssumeRolePolicy(input: $input) { __typename }', () => ({ roleName: 'app', policyDocument: allow('sts:AssumeRole') })],
  ['DeleteUserPermissionsBoundary on itself', 'deleteUserPermissionsBoundary(input: $input) { __typename }', (self) => ({ userName: self })],
];

const INPUT_TYPES: Record<string, string> = {
  putUserPolicy: 'PutUserPolicyInput',
  attachUserPolicy: 'AttachUserPolicyInput',
  addUserToGroup: 'AddUserToGroupInput',
  createPolicyVersion: 'CreatePolicyVersionInput',
  setDefaultPolicyVersion: 'SetDefaultPolicyVersionInput',
  createAccessKey: 'CreateAccessKeyInput',
  createLoginProfile: 'CreateLoginProfileInput',
  updateAssumeRolePolicy: 'UpdateAssumeRolePolicyInput',
  deleteUserPermissionsBoundary: 'DeleteUserPermissionsBoundaryInput',
};
const operation = (selection: string) => `mutation($input: ${INPUT_TYPES[selection.slice(0, selection.indexOf('('))]}!) { ${selection} }`;

beforeAll(async () => {
  api = await startTestApi();
  policyArn = await createPolicy(api, 'shared', { document: DOC });
  boundaryArn = await createPolicy(api, 'reads-only', { document: allow(['iam:Get*', 'iam:List*']) });
  await createUser(api, 'victim');
  await createGroup(api, 'admins');
  await createRole(api, 'app');
});
afterAll(async () => api?.stop());

describe('a user allowed everything', () => {
  it('walks no escalation path while its boundary allows only reads, and writes nothing', async () => {
    const token = await iamCaller(api, 'bounded');
    await putPolicy(api, 'bounded', allow('*'));
    dataOf(await api.gql('mutation($input: PutUserPermissionsBoundaryInput!) { putUserPermissionsBoundary(input: $input) { __typename } }', { input: { userName: 'bounded', permissionsBoundary: boundaryArn } }));
    const before = await tableDigests(api);
    for (const [name, selection, input] of PATHS) {
      expect(errorCodeOf(await api.gql(operation(selection), { input: input('bounded') }, { token })), name).toBe('ACCESS_DENIED');
    }
    expect(await tableDigests(api)).toEqual(before);
  });

  it('walks every one without a boundary', async () => {
    const token = await iamCaller(api, 'unbounded');
    await putPolicy(api, 'unbounded', allow('*'));
    for (const [name, selection, input] of PATHS) {
      const codes = (await api.gql(operation(selection), { input: input('unbounded') }, { token })).errors?.map((error) => error.extensions?.code) ?? [];
      expect(codes, name).not.toContain('ACCESS_DENIED');
    }
  });
});

describe('createPolicyVersion', () => {
  it('needs iam:SetDefaultPolicyVersion too to make the new version the default (unlike AWS)', async () => {
    const token = await iamCaller(api, 'versioner');
    await putPolicy(api, 'versioner', allow('iam:CreatePolicyVersion', policyArn));
    const create = (setAsDefault: boolean) => api.gql(operation('createPolicyVersion(input: $input) { __typename }'), { input: { policyArn, policyDocument: DOC, setAsDefault } }, { token });
    expect(errorCodeOf(await create(true))).toBe('ACCESS_DENIED');
    dataOf(await create(false));
    await putPolicy(api, 'versioner', allow(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], policyArn));
    dataOf(await create(true));
  });
});

describe('a delegated administrator', () => {
  it('creates only users that carry the boundary its iam:PermissionsBoundary condition names', async () => {
    const token = await iamCaller(api, 'delegate');
    await putPolicy(api, 'delegate', allow('iam:CreateUser', '*', { StringEquals: { 'iam:PermissionsBoundary': boundaryArn } }));
    const create = (userName: string, permissionsBoundary?: string) =>
      api.gql('mutation($input: CreateUserInput!) { createUser(input: $input) { user { userName } } }', { input: { userName, ...(permissionsBoundary ? { permissionsBoundary } : {}) } }, { token });
    expect(errorCodeOf(await create('free'))).toBe('ACCESS_DENIED');
    expect(errorCodeOf(await create('other-bound', policyArn))).toBe('ACCESS_DENIED');
    expect(dataOf(await create('bound', boundaryArn)).createUser.user.userName).toBe('bound');
  });
});
