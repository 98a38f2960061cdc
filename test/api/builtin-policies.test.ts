// The built-in managed policies: in every account (the management one, new ones, and, through the
// startup step, old ones), with AWS's ARNs and documents, read-only, listed by `scope`, and
// beside a customer policy of the same name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinPolicies } from '../../src/db/builtin-policies.ts';
import { BUILTIN_POLICIES } from '../../src/domain/builtin-policies.ts';
import { dataOf, errorCodeOf, startTestApi, type SendAs, type TestApi } from '../support/api-harness.ts';
import { createPolicy, IDENTITY_DOC } from '../support/fixtures.ts';
import { tableDigests } from '../support/iam-callers.ts';

let api: TestApi;
const NAMES = ['AdministratorAccess', 'IAMFullAccess', 'IAMReadOnlyAccess', 'IAMSelfManageCredentials', 'IAMUserChangePassword'];
const arnOf = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const FIELDS = 'policyName arn path isAwsManaged attachmentCount defaultVersionId defaultVersion { documentText }';
const LIST = `query($scope: PolicyScope, $first: Int, $after: String) { policies(scope: $scope, first: $first, after: $after) {
  edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage } } }`;
const GET = `query($arn: String!) { policy(policyArn: $arn) { ${FIELDS} } entityByArn(arn: $arn) { ... on Policy { policyId arn } } }`;

const list = async (scope: string, as?: SendAs) => dataOf(await api.gql(LIST, { scope }, as)).policies.edges.map((edge: any) => edge.node);

// AWS's own texts (AWS Managed Policy Reference Guide), written here independently of the module.
const AWS_DOCUMENTS: Record<string, unknown> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  IAMReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'],
        Resource: '*',
      },
    ],
  },
  IAMUserChangePassword: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/*/${aws:username}'] },
      { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' },
    ],
  },
};

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('present in every account', () => {
  it('the management account and a new one each list the five, with AWS ARNs, unattached, at v1', async () => {
    const other = await api.createAccount();
    for (const as of [undefined, { accountId: other.accountId }]) {
      const builtIn = await list('AWS', as);
      expect(builtIn.map((p: any) => p.policyName)).toEqual(NAMES);
      for (const policy of builtIn) {
        expect(policy).toMatchObject({ arn: arnOf(policy.policyName), path: '/', isAwsManaged: true, attachmentCount: 0, defaultVersionId: 'v1' });
      }
    }
  });

  it('with AWS documents, text for text, and the self-service one on ${aws:username} only', async () => {
    const documents = Object.fromEntries((await list('AWS')).map((p: any) => [p.policyName, JSON.parse(p.defaultVersion.documentText)]));
    for (const [name, document] of Object.entries(AWS_DOCUMENTS)) expect(documents[name], name).toEqual(document);
    expect(documents.IAMFullAccess.Statement[0].Action[0]).toBe('iam:*');
    const resources = documents.IAMSelfManageCredentials.Statement.flatMap((s: any) => [s.Resource].flat()).filter((r: string) => r !== '*');
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(resource).toMatch(/^arn:aws:iam::\*:(user\/(\*\/)?|mfa\/)\$\{aws:username\}$/);
  });

  it('policy(policyArn:) and entityByArn find them; the ARN names no account, so each account finds its own', async () => {
    const other = await api.createAccount();
    const mine = dataOf(await api.gql(GET, { arn: arnOf('IAMReadOnlyAccess') }));
    const theirs = dataOf(await api.gql(GET, { arn: arnOf('IAMReadOnlyAccess') }, { accountId: other.accountId }));
    expect(mine.policy).toMatchObject({ policyName: 'IAMReadOnlyAccess', isAwsManaged: true });
    expect(mine.entityByArn.arn).toBe(arnOf('IAMReadOnlyAccess'));
    expect(theirs.entityByArn.policyId).not.toBe(mine.entityByArn.policyId);
    expect(dataOf(await api.gql(GET, { arn: `arn:aws:iam::${api.accountId}:policy/IAMReadOnlyAccess` })).policy).toBeNull();
  });

  it('the startup step gives them to accounts that lack them and a new default version when a document changed', async () => {
    const other = await api.createAccount();
    await api.prisma.policy.deleteMany({ where: { accountId: other.accountId, awsManaged: true } });
    const admin = await api.prisma.policy.findFirstOrThrow({ where: { accountId: api.accountId, awsManaged: true, name: 'AdministratorAccess' } });
    await api.prisma.policyVersion.updateMany({ where: { policyId: admin.id }, data: { document: '{"Version":"2012-10-17","Statement":[]}' } });
    await api.prisma.$transaction((tx) => ensureBuiltinPolicies(tx, 'aws'));
    expect((await list('AWS', { accountId: other.accountId })).map((p: any) => p.policyName)).toEqual(NAMES);
    const [refreshed] = (await list('AWS')).filter((p: any) => p.policyName === 'AdministratorAccess');
    expect(refreshed).toMatchObject({ defaultVersionId: 'v2', defaultVersion: { documentText: BUILTIN_POLICIES[0]!.document('aws') } });
    // Run again, nothing changes: the step is idempotent.
    const before = await tableDigests(api);
    expect(await api.prisma.$transaction((tx) => ensureBuiltinPolicies(tx, 'aws'))).toBe(0);
    expect(await tableDigests(api)).toEqual(before);
  });
});

describe('read-only', () => {
  const arn = arnOf('IAMFullAccess');
  const REFUSED: Array<[string, string, Record<string, unknown>]> = [
    ['deletePolicy', 'DeletePolicyInput', { policyArn: arn }],
    ['createPolicyVersion', 'CreatePolicyVersionInput', { policyArn: arn, policyDocument: IDENTITY_DOC, setAsDefault: true }],
    ['deletePolicyVersion', 'DeletePolicyVersionInput', { policyArn: arn, versionId: 'v1' }],
    ['setDefaultPolicyVersion', 'SetDefaultPolicyVersionInput', { policyArn: arn, versionId: 'v1' }],
    ['tagPolicy', 'TagPolicyInput', { policyArn: arn, tags: [{ key: 'team', value: 'x' }] }],
    ['untagPolicy', 'UntagPolicyInput', { policyArn: arn, tagKeys: ['team'] }],
  ];

  it('every change, even by the root, is UNMODIFIABLE_ENTITY and writes nothing', async () => {
    const before = await tableDigests(api);
    for (const [field, type, input] of REFUSED) {
      const answer = await api.gql(`mutation($input: ${type}!) { ${field}(input: $input) { __typename } }`, { input });
      expect(errorCodeOf(answer), field).toBe('UNMODIFIABLE_ENTITY');
      expect(answer.errors?.[0]?.message).toBe(`policy \`${arn}\` is built in and cannot be changed`);
    }
    expect(await tableDigests(api)).toEqual(before);
  });
});

describe('scope, and a customer policy of the same name', () => {
  it('coexist under their own ARNs; LOCAL, AWS and ALL list each side, and pages walk both', async () => {
    const customer = await createPolicy(api, 'AdministratorAccess');
    expect(customer).toBe(`arn:aws:iam::${api.accountId}:policy/AdministratorAccess`);
    expect(dataOf(await api.gql(GET, { arn: customer })).policy).toMatchObject({ arn: customer, isAwsManaged: false });
    expect(dataOf(await api.gql(GET, { arn: arnOf('AdministratorAccess') })).policy).toMatchObject({ isAwsManaged: true });
    expect((await list('LOCAL')).map((p: any) => p.arn)).toEqual([customer]);
    expect((await list('AWS')).every((p: any) => p.isAwsManaged)).toBe(true);
    const all = (await list('ALL')).map((p: any) => p.arn);
    expect(all.slice(0, 2)).toEqual([customer, arnOf('AdministratorAccess')]);
    expect(all).toHaveLength(6);
    // One by one, the same six in the same order: the tie on the name neither skips nor repeats.
    const walked: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { edges, pageInfo } = dataOf(await api.gql(LIST, { scope: 'ALL', first: 1, after })).policies;
      walked.push(...edges.map((edge: any) => edge.node.arn));
      after = edges.at(-1)?.cursor;
      if (!pageInfo.hasNextPage) break;
    }
    expect(walked).toEqual(all);
  });
});
