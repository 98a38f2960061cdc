// What the built-in managed policies grant, through the API's own authorization: attached to a
// user or a group, or used as a permissions boundary, each allows what AWS's does and no more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createUser } from '../support/fixtures.ts';
import { allow, iamCaller, putPolicy, tableDigests } from '../support/iam-callers.ts';
import { CREATE_DEVICE, createDevice, enableDevice } from '../support/mfa-fixtures.ts';

let api: TestApi;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 10); // 10 s into a TOTP step
const now = () => new Date(T0);
const arnOf = (name: string) => `arn:aws:iam::aws:policy/${name}`;

const CREATE_USER = 'mutation($n: String!) { createUser(input: {userName: $n}) { user { userName } } }';
const USERS = '{ users { edges { node { userName } } } }';
const EVALUATE = `query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) { decision matchedStatements { policyId source { kind sourcePolicyType } } } }`;
const ATTACHMENTS = 'query($arn: String!) { policy(policyArn: $arn) { attachmentCount permissionsBoundaryUsageCount } }';

const attach = async (userName: string, policy: string) =>
  dataOf(await api.gql('mutation($input: AttachUserPolicyInput!) { attachUserPolicy(input: $input) { __typename } }', { input: { userName, policyArn: arnOf(policy) } }));
const evaluate = async (principal: string, action: string, resource: string) =>
  dataOf(await api.gql(EVALUATE, { input: { principal: `arn:aws:iam::${api.accountId}:user/${principal}`, action, resource } })).evaluateAccess;

beforeAll(async () => {
  api = await startTestApi({ clock: now });
});
afterAll(async () => api?.stop());

describe('AdministratorAccess', () => {
  it('attached to a user lets it create users, counts the attachment, and evaluateAccess says ALLOWED by it', async () => {
    const token = await iamCaller(api, 'admin-ann');
    expect(errorCodeOf(await api.gql(CREATE_USER, { n: 'before-admin' }, { token }))).toBe('ACCESS_DENIED');
    await attach('admin-ann', 'AdministratorAccess');
    expect(dataOf(await api.gql(CREATE_USER, { n: 'made-by-ann' }, { token })).createUser.user.userName).toBe('made-by-ann');
    expect(dataOf(await api.gql(ATTACHMENTS, { arn: arnOf('AdministratorAccess') })).policy.attachmentCount).toBe(1);
    const decision = await evaluate('admin-ann', 'iam:DeleteRole', '*');
    expect(decision).toEqual({
      decision: 'ALLOWED',
      matchedStatements: [{ policyId: arnOf('AdministratorAccess'), source: { kind: 'ATTACHED_TO_PRINCIPAL', sourcePolicyType: 'AWS_MANAGED' } }],
    });
    // Detached, it grants nothing on the very next call.
    dataOf(await api.gql('mutation($input: DetachUserPolicyInput!) { detachUserPolicy(input: $input) { __typename } }', { input: { userName: 'admin-ann', policyArn: arnOf('AdministratorAccess') } }));
    expect(errorCodeOf(await api.gql(CREATE_USER, { n: 'after-admin' }, { token }))).toBe('ACCESS_DENIED');
  });
});

describe('iam:PolicyARN', () => {
  it('names a built-in policy by its AWS ARN, so a delegated administrator can be kept from attaching AdministratorAccess', async () => {
    const token = await iamCaller(api, 'delegate-dee');
    await createUser(api, 'dee-report');
    await putPolicy(api, 'delegate-dee', allow('iam:AttachUserPolicy', '*', { ArnNotEquals: { 'iam:PolicyARN': arnOf('AdministratorAccess') } }));
    const attachAs = (policy: string) =>
      api.gql('mutation($input: AttachUserPolicyInput!) { attachUserPolicy(input: $input) { __typename } }', { input: { userName: 'dee-report', policyArn: arnOf(policy) } }, { token });
    expect(errorCodeOf(await attachAs('AdministratorAccess'))).toBe('ACCESS_DENIED');
    dataOf(await attachAs('IAMReadOnlyAccess'));
  });
});

describe('IAMReadOnlyAccess', () => {
  it('lets reads pass and denies writes, which change nothing', async () => {
    const token = await iamCaller(api, 'reader-rae');
    await attach('reader-rae', 'IAMReadOnlyAccess');
    expect(dataOf(await api.gql(USERS, {}, { token })).users.edges.length).toBeGreaterThan(0);
    expect(dataOf(await api.gql('{ policies(scope: AWS) { edges { node { policyName } } } }', {}, { token })).policies.edges).toHaveLength(5);
    const before = await tableDigests(api);
    expect(errorCodeOf(await api.gql(CREATE_USER, { n: 'by-rae' }, { token }))).toBe('ACCESS_DENIED');
    expect(errorCodeOf(await api.gql('mutation { createGroup(input: {groupName: "by-rae"}) { __typename } }', {}, { token }))).toBe('ACCESS_DENIED');
    expect(await tableDigests(api)).toEqual(before);
  });

  it('as a permissions boundary, holds a user allowed everything to reads', async () => {
    const token = await iamCaller(api, 'bounded-bo');
    await putPolicy(api, 'bounded-bo', allow('*'));
    const put = 'mutation($input: PutUserPermissionsBoundaryInput!) { putUserPermissionsBoundary(input: $input) { __typename } }';
    dataOf(await api.gql(put, { input: { userName: 'bounded-bo', permissionsBoundary: arnOf('IAMReadOnlyAccess') } }));
    expect(dataOf(await api.gql(ATTACHMENTS, { arn: arnOf('IAMReadOnlyAccess') })).policy.permissionsBoundaryUsageCount).toBe(1);
    expect(dataOf(await api.gql(USERS, {}, { token })).users.edges.length).toBeGreaterThan(0);
    expect(errorCodeOf(await api.gql(CREATE_USER, { n: 'by-bo' }, { token }))).toBe('ACCESS_DENIED');
  });
});

describe('IAMUserChangePassword', () => {
  it('grants reading the password policy and iam:ChangePassword on the user itself only', async () => {
    const token = await iamCaller(api, 'pw-pat');
    await createUser(api, 'pw-quinn');
    const policy = '{ accountPasswordPolicy { minimumPasswordLength } }';
    expect(errorCodeOf(await api.gql(policy, {}, { token }))).toBe('ACCESS_DENIED');
    await attach('pw-pat', 'IAMUserChangePassword');
    expect(dataOf(await api.gql(policy, {}, { token })).accountPasswordPolicy).toBeNull();
    expect((await evaluate('pw-pat', 'iam:ChangePassword', `arn:aws:iam::${api.accountId}:user/pw-pat`)).decision).toBe('ALLOWED');
    expect((await evaluate('pw-pat', 'iam:ChangePassword', `arn:aws:iam::${api.accountId}:user/pw-quinn`)).decision).toBe('IMPLICIT_DENY');
    expect(errorCodeOf(await api.gql(USERS, {}, { token }))).toBe('ACCESS_DENIED');
  });
});

describe('IAMSelfManageCredentials, attached to a group', () => {
  it('lets alice manage her own access keys and MFA device, and denies her bob\'s, writing nothing', async () => {
    const alice = await iamCaller(api, 'alice');
    await iamCaller(api, 'bob');
    dataOf(await api.gql('mutation { createGroup(input: {groupName: "staff"}) { __typename } }'));
    for (const userName of ['alice', 'bob']) {
      dataOf(await api.gql('mutation($input: AddUserToGroupInput!) { addUserToGroup(input: $input) { __typename } }', { input: { groupName: 'staff', userName } }));
    }
    const attachGroup = 'mutation($input: AttachGroupPolicyInput!) { attachGroupPolicy(input: $input) { __typename } }';
    dataOf(await api.gql(attachGroup, { input: { groupName: 'staff', policyArn: arnOf('IAMSelfManageCredentials') } }));
    const as = { token: alice };

    const key = dataOf(await api.gql('mutation { createAccessKey(input: {}) { accessKey { accessKeyId userName } } }', {}, as)).createAccessKey.accessKey;
    expect(key.userName).toBe('alice');
    expect(dataOf(await api.gql('{ accessKeys { accessKeyId } }', {}, as)).accessKeys).toEqual([{ accessKeyId: key.accessKeyId }]);
    expect(dataOf(await api.gql('{ user(userName: "alice") { userName } }', {}, as)).user.userName).toBe('alice');
    const device = await createDevice(api, 'alice', { as });
    expect(device.serialNumber).toBe(`arn:aws:iam::${api.accountId}:mfa/alice`);
    dataOf(await enableDevice(api, device, null, now(), as));
    expect(dataOf(await api.gql('{ mfaDevices { serialNumber } }', {}, as)).mfaDevices).toEqual([{ serialNumber: device.serialNumber }]);
    expect(dataOf(await api.gql('{ virtualMFADevices { nodes { serialNumber } } }', {}, as)).virtualMFADevices.nodes).toContainEqual({ serialNumber: device.serialNumber });

    const before = await tableDigests(api);
    const denied = [
      await api.gql('mutation { createAccessKey(input: {userName: "bob"}) { __typename } }', {}, as),
      await api.gql('{ accessKeys(userName: "bob") { accessKeyId } }', {}, as),
      await api.gql('{ mfaDevices(userName: "bob") { serialNumber } }', {}, as),
      await api.gql('{ user(userName: "bob") { userName } }', {}, as),
      await api.gql(CREATE_DEVICE, { input: { virtualMFADeviceName: 'bob' } }, as),
      await api.gql(CREATE_USER, { n: 'by-alice' }, as),
    ];
    expect(denied.map(errorCodeOf)).toEqual(Array(denied.length).fill('ACCESS_DENIED'));
    expect(await tableDigests(api)).toEqual(before);
  });
});
