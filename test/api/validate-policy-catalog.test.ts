// validatePolicy against the service catalog (AWS's services and the account's registered ones),
// through the API; and stored documents keep working whatever the catalog says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type SendAs, type TestApi } from '../support/api-harness.ts';
import { findingAt } from '../support/findings.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const VALIDATE = `query($doc: JSON!, $type: PolicyType!) { validatePolicy(policyDocument: $doc, policyType: $type) {
  findings { findingType issueCode findingDetails locations { path { index value } statementIndex } } } }`;
const PUT = `mutation($input: PutServiceInput!) { putService(input: $input) { service { servicePrefix } } }`;

type Finding = { findingType: string; issueCode: string; findingDetails: string };
const CATALOG_CODES = ['INVALID_ACTION', 'INVALID_SERVICE_IN_ACTION', 'UNMATCHED_ACTION_WILDCARD', 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY', 'TYPE_MISMATCH'];

const doc = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...statement }] });

async function findings(document: unknown, as?: SendAs): Promise<Finding[]> {
  return dataOf(await api.gql(VALIDATE, { doc: document, type: 'IDENTITY_POLICY' }, as)).validatePolicy.findings;
}
async function catalogFindings(document: unknown, as?: SendAs): Promise<Finding[]> {
  return (await findings(document, as)).filter((f) => CATALOG_CODES.includes(f.issueCode));
}

describe('actions', () => {
  it('is an ERROR for an action its known service lacks, in Action and NotAction', async () => {
    const found = await findings(doc({ Action: ['s3:GetObject', 's3:GetObjct'] }));
    expect(found).toContainEqual(findingAt('INVALID_ACTION', ['Statement', 0, 'Action', 1]));
    expect(found.find((f) => f.issueCode === 'INVALID_ACTION')!.findingDetails).toBe('statement 0: `Action`: `s3:GetObjct`: service `s3` has no action `GetObjct`');
    const deny = await findings({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 'iam:GetUsr', Resource: '*' }] });
    expect(deny).toContainEqual(findingAt('INVALID_ACTION', ['Statement', 0, 'NotAction']));
  });

  it('matches action names ignoring case', async () => {
    expect(await catalogFindings(doc({ Action: ['S3:getobject', 'IAM:ListUsers'] }))).toEqual([]);
  });

  it('is a WARNING for an unknown service', async () => {
    expect(await catalogFindings(doc({ Action: 'nosuchservice:DoThing' }))).toEqual([findingAt('INVALID_SERVICE_IN_ACTION', ['Statement', 0, 'Action'], 'WARNING')]);
  });

  it('is a WARNING for a wildcard that matches no action, and nothing for one that does', async () => {
    expect(await catalogFindings(doc({ Action: ['s3:Frob*', 's3:Get*', 's3:?etObject', '*'] }))).toEqual([
      findingAt('UNMATCHED_ACTION_WILDCARD', ['Statement', 0, 'Action', 0], 'WARNING'),
    ]);
  });
});

describe('resources', () => {
  it('is a WARNING for a resource that fits none of the action resource types', async () => {
    const found = await catalogFindings(doc({ Action: 's3:GetObject', Resource: ['arn:aws:s3:::bucket/*', 'arn:aws:iam::123456789012:user/alice'] }));
    expect(found).toEqual([findingAt('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', ['Statement', 0, 'Resource', 1], 'WARNING')]);
    expect(found[0]!.findingDetails).toContain('`object`');
  });

  it('takes wildcards and policy variables in the resource as any text', async () => {
    const resources = ['arn:aws:s3:::*', 'arn:*:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::b?cket/key', '*'];
    expect(await catalogFindings(doc({ Action: 's3:GetObject', Resource: resources }))).toEqual([]);
  });

  it('warns for a specific resource on an action that supports only *', async () => {
    const found = await catalogFindings(doc({ Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::bucket' }));
    expect(found).toEqual([findingAt('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', ['Statement', 0, 'Resource'], 'WARNING')]);
    expect(found[0]!.findingDetails).toContain('supports only `*`');
  });

  it('accepts a resource that fits any of a wildcard action set', async () => {
    expect(await catalogFindings(doc({ Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket' }))).toEqual([]);
  });

  it('does not judge resources when an action is beyond the catalog', async () => {
    const found = await catalogFindings(doc({ Action: ['s3:GetObject', 'custom:Thing'], Resource: 'arn:aws:custom:::thing/1' }));
    expect(found.map((f) => f.issueCode)).toEqual(['INVALID_SERVICE_IN_ACTION']);
  });
});

describe('conditions', () => {
  it('is a WARNING for a condition key the action does not support; global and tag keys are fine', async () => {
    const found = await catalogFindings(doc({
      Action: 's3:GetObject',
      Condition: {
        StringEquals: { 'ec2:InstanceType': 't3.micro', 's3:ExistingObjectTag/team': 'blue', 'aws:PrincipalTag/team': 'blue', 'aws:ResourceTag/x': 'y' },
        IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
      },
    }));
    expect(found).toEqual([findingAt('UNSUPPORTED_ACTION_FOR_CONDITION_KEY', ['Statement', 0, 'Condition', 'StringEquals', 'ec2:InstanceType'], 'WARNING')]);
  });

  it("is a WARNING for an operator that does not fit the key's type", async () => {
    const found = await catalogFindings(doc({
      Action: 's3:GetObject',
      Condition: {
        NumericLessThan: { 'aws:SourceIp': '10' },
        StringEquals: { 'aws:SecureTransport': 'true' },
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' },
        DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
        Null: { 'aws:SourceVpc': 'true' },
        'ForAnyValue:StringLike': { 'aws:TagKeys': 'team*' },
      },
    }));
    expect(found).toEqual([
      findingAt('TYPE_MISMATCH', ['Statement', 0, 'Condition', 'NumericLessThan', 'aws:SourceIp'], 'WARNING'),
      findingAt('TYPE_MISMATCH', ['Statement', 0, 'Condition', 'StringEquals', 'aws:SecureTransport'], 'WARNING'),
    ]);
    expect(found[0]!.findingDetails).toContain('IP addresses');
  });
});

describe('registered services', () => {
  const reports = {
    servicePrefix: 'reports',
    serviceName: 'Reports',
    resourceTypes: [{ name: 'report', arnFormat: 'arn:${Partition}:reports:${Region}:${Account}:report/${ReportId}' }],
    conditionKeys: [{ name: 'reports:Pages', type: 'NUMERIC' }],
    actions: [{ name: 'GetReport', accessLevel: 'READ', resourceTypes: [{ name: 'report', required: true }], conditionKeys: ['reports:Pages'] }],
  };
  const usesReports = doc({
    Action: ['reports:GetReport'],
    Resource: ['arn:aws:reports:eu-west-1:123456789012:report/r1'],
    Condition: { NumericLessThan: { 'reports:Pages': '10' } },
  });

  it("are checked like AWS's, per account, from the moment they are put until they are deleted", async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    expect(await catalogFindings(usesReports, as)).toEqual([findingAt('INVALID_SERVICE_IN_ACTION', ['Statement', 0, 'Action', 0], 'WARNING')]);

    dataOf(await api.gql(PUT, { input: reports }, as));
    expect(await catalogFindings(usesReports, as)).toEqual([]);
    const wrong = doc({ Action: ['reports:GetReprot', 'reports:GetReport'], Resource: 'arn:aws:s3:::bucket', Condition: { StringEquals: { 'reports:Pages': '3' } } });
    expect(await catalogFindings(wrong, as)).toEqual([
      findingAt('INVALID_ACTION', ['Statement', 0, 'Action', 0]),
      findingAt('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', ['Statement', 0, 'Resource'], 'WARNING'),
      findingAt('TYPE_MISMATCH', ['Statement', 0, 'Condition', 'StringEquals', 'reports:Pages'], 'WARNING'),
    ]);
    // another account does not know the service
    expect(await catalogFindings(usesReports)).toEqual([findingAt('INVALID_SERVICE_IN_ACTION', ['Statement', 0, 'Action', 0], 'WARNING')]);

    dataOf(await api.gql(`mutation { deleteService(input: { servicePrefix: "reports" }) { servicePrefix } }`, {}, as));
    expect(await catalogFindings(usesReports, as)).toEqual([findingAt('INVALID_SERVICE_IN_ACTION', ['Statement', 0, 'Action', 0], 'WARNING')]);
  });

  it("replace an AWS service's actions when they override it", async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    dataOf(await api.gql(PUT, { input: { ...reports, servicePrefix: 'sns', conditionKeys: [], actions: [{ name: 'Publish2', accessLevel: 'WRITE' }], overrideBuiltIn: true } }, as));
    expect(await catalogFindings(doc({ Action: 'sns:Publish' }), as)).toEqual([findingAt('INVALID_ACTION', ['Statement', 0, 'Action'])]);
    expect(await catalogFindings(doc({ Action: 'sns:Publish' }))).toEqual([]);
  });
});

describe('stored documents', () => {
  it('are stored and evaluated whatever the catalog says', async () => {
    const unknown = doc({ Action: ['s3:GetObjct', 'nosuch:Thing', 's3:Frob*'], Resource: 'arn:aws:iam::123456789012:user/x', Condition: { NumericLessThan: { 'aws:SourceIp': '1' } } });
    expect((await findings(unknown)).filter((f) => f.findingType === 'ERROR').map((f) => f.issueCode)).toEqual(['INVALID_ACTION']);
    const created = await api.gql(`mutation($doc: JSON!) { createPolicy(input: { policyName: "typo", policyDocument: $doc }) { policy { arn } } }`, { doc: unknown });
    const arn = dataOf(created).createPolicy.policy.arn;
    dataOf(await api.gql(`mutation { createUser(input: { userName: "typist" }) { user { userId } } }`));
    dataOf(await api.gql(`mutation($arn: String!) { attachUserPolicy(input: { userName: "typist", policyArn: $arn }) { user { userName } } }`, { arn }));
    const decision = await api.gql(`query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) { decision } }`, {
      input: { principal: `arn:aws:iam::${api.accountId}:user/typist`, action: 'nosuch:Thing', resource: 'arn:aws:iam::123456789012:user/x', context: [{ key: 'aws:SourceIp', values: ['0'], type: 'NUMERIC' }] },
    });
    expect(dataOf(decision).evaluateAccess.decision).toBe('ALLOWED');
  });
});

describe('bounded work', () => {
  it('answers for a document naming a thousand resources and many services', async () => {
    const resources = Array.from({ length: 1000 }, (_, i) => `arn:aws:s3:::${'b'.repeat(200)}${i}/${'k'.repeat(200)}`);
    const actions = ['s3:GetObject', ...Array.from({ length: 300 }, (_, i) => `svc${i}:Do`)];
    const found = await catalogFindings(doc({ Action: actions, Resource: resources }));
    expect(found.filter((f) => f.issueCode === 'INVALID_SERVICE_IN_ACTION')).toHaveLength(300);
  });
});
