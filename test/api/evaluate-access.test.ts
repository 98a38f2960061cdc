// evaluateAccess and evaluateAccessBatch on stored users, groups and roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../src/db/prisma.ts';
import { randomBytes } from 'node:crypto';
import { DEFAULT_AUTH_SETTINGS } from '../../src/auth/settings.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer, type RunningServer } from '../../src/server.ts';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { findingAt } from '../support/findings.ts';

let api: TestApi;
let arn: (kind: string, name: string) => string;
const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource, ...extra }],
});
const deny = (Action: unknown, Resource: unknown = '*') => ({ Version: '2012-10-17', Statement: [{ Sid: 'NoWay', Effect: 'Deny', Action, Resource }] });

const EVALUATE = `query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) {
  decision allowed missingContextKeys
  matchedStatements { policyId policyType sid effect statementIndex }
  policyTypeResults { policyType present allowed denied }
  trace { policyId statementIndex actionMatched resourceMatched matched conditions { operator key matched reason } }
} }`;

async function decide(input: Record<string, unknown>, gql = api.gql.bind(api)) {
  return dataOf(await gql(EVALUATE, { input })).evaluateAccess;
}

async function mutate(query: string, variables: Record<string, unknown> = {}) {
  return dataOf(await api.gql(query, variables));
}

beforeAll(async () => {
  api = await startTestApi();
  arn = (kind, name) => `arn:aws:iam::${api.accountId}:${kind}/${name}`;
  await mutate(`mutation { createUser(input: {userName: "alice", tags: [{key: "team", value: "blue"}]}) { user { userId } } }`);
  await mutate(`mutation { createUser(input: {userName: "bob"}) { user { userId } } }`);
  await mutate(`mutation { createGroup(input: {groupName: "readers"}) { group { groupId } } }`);
  await mutate(`mutation { addUserToGroup(input: {groupName: "readers", userName: "alice"}) { user { userName } } }`);
  await mutate(`mutation($doc: JSON!) { createPolicy(input: {policyName: "S3Read", policyDocument: $doc}) { policy { arn } } }`, {
    doc: allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*']),
  });
  await mutate(`mutation($arn: String!) { attachGroupPolicy(input: {groupName: "readers", policyArn: $arn}) { group { groupName } } }`, { arn: arn('policy', 'S3Read') });
});
afterAll(async () => api?.stop());

describe('evaluateAccess on stored principals', () => {
  it('allows through a group\'s managed policy and names the statement that decided', async () => {
    const answer = await decide({ principal: arn('user', 'alice'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' });
    expect(answer.decision).toBe('ALLOWED');
    expect(answer.allowed).toBe(true);
    expect(answer.matchedStatements).toEqual([{ policyId: arn('policy', 'S3Read'), policyType: 'IDENTITY_POLICY', sid: null, effect: 'ALLOW', statementIndex: 0 }]);
    expect(answer.trace).toBeNull();
  });

  it('denies implicitly what nothing allows, and for users outside the group', async () => {
    expect((await decide({ principal: arn('user', 'alice'), action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv' })).decision).toBe('IMPLICIT_DENY');
    expect((await decide({ principal: arn('user', 'bob'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' })).decision).toBe('IMPLICIT_DENY');
  });

  it('sees a change to a group\'s policy in the very next call', async () => {
    const request = { principal: arn('user', 'alice'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q2.csv' };
    expect((await decide(request)).decision).toBe('ALLOWED');
    await mutate(`mutation($doc: JSON!) { putGroupPolicy(input: {groupName: "readers", policyName: "freeze", policyDocument: $doc}) { group { groupName } } }`, {
      doc: deny('s3:GetObject', 'arn:aws:s3:::reports/q2.csv'),
    });
    const denied = await decide(request);
    expect(denied.decision).toBe('EXPLICIT_DENY');
    expect(denied.matchedStatements).toEqual([{ policyId: `${arn('group', 'readers')}#freeze`, policyType: 'IDENTITY_POLICY', sid: 'NoWay', effect: 'DENY', statementIndex: 0 }]);
    await mutate(`mutation { deleteGroupPolicy(input: {groupName: "readers", policyName: "freeze"}) { group { groupName } } }`);
    expect((await decide(request)).decision).toBe('ALLOWED');
    await mutate(`mutation { removeUserFromGroup(input: {groupName: "readers", userName: "alice"}) { user { userName } } }`);
    expect((await decide(request)).decision).toBe('IMPLICIT_DENY');
    await mutate(`mutation { addUserToGroup(input: {groupName: "readers", userName: "alice"}) { user { userName } } }`);
    expect((await decide(request)).decision).toBe('ALLOWED');
  });

  it('follows a new default policy version at once', async () => {
    await mutate(`mutation($doc: JSON!) { createPolicy(input: {policyName: "Versioned", policyDocument: $doc}) { policy { arn } } }`, { doc: allow('sqs:SendMessage') });
    await mutate(`mutation($arn: String!) { attachUserPolicy(input: {userName: "bob", policyArn: $arn}) { user { userName } } }`, { arn: arn('policy', 'Versioned') });
    const request = { principal: arn('user', 'bob'), action: 'sqs:SendMessage', resource: '*' };
    expect((await decide(request)).decision).toBe('ALLOWED');
    await mutate(`mutation($arn: String!, $doc: JSON!) { createPolicyVersion(input: {policyArn: $arn, policyDocument: $doc, setAsDefault: true}) { policyVersion { versionId } } }`, {
      arn: arn('policy', 'Versioned'),
      doc: allow('sqs:ReceiveMessage'),
    });
    expect((await decide(request)).decision).toBe('IMPLICIT_DENY');
    await mutate(`mutation($arn: String!) { setDefaultPolicyVersion(input: {policyArn: $arn, versionId: "v1"}) { policy { defaultVersionId } } }`, { arn: arn('policy', 'Versioned') });
    expect((await decide(request)).decision).toBe('ALLOWED');
  });

  it('applies the permissions boundary: it never widens, and its absence frees the user', async () => {
    await mutate(`mutation($doc: JSON!) { createUser(input: {userName: "carol"}) { user { userId } } putUserPolicy(input: {userName: "carol", policyName: "all", policyDocument: $doc}) { user { userName } } }`, {
      doc: allow(['s3:*', 'ec2:*']),
    });
    await mutate(`mutation($doc: JSON!) { createPolicy(input: {policyName: "OnlyS3", policyDocument: $doc}) { policy { arn } } }`, { doc: allow(['s3:*', 'iam:*']) });
    await mutate(`mutation($arn: String!) { putUserPermissionsBoundary(input: {userName: "carol", permissionsBoundary: $arn}) { user { userName } } }`, { arn: arn('policy', 'OnlyS3') });
    expect((await decide({ principal: arn('user', 'carol'), action: 's3:GetObject', resource: '*' })).decision).toBe('ALLOWED');
    const ec2 = await decide({ principal: arn('user', 'carol'), action: 'ec2:RunInstances', resource: '*' });
    expect(ec2.decision).toBe('IMPLICIT_DENY');
    expect(ec2.policyTypeResults).toContainEqual({ policyType: 'PERMISSIONS_BOUNDARY_POLICY', present: true, allowed: false, denied: false });
    expect((await decide({ principal: arn('user', 'carol'), action: 'iam:CreateUser', resource: '*' })).decision).toBe('IMPLICIT_DENY');
    await mutate(`mutation { deleteUserPermissionsBoundary(input: {userName: "carol"}) { user { userName } } }`);
    expect((await decide({ principal: arn('user', 'carol'), action: 'ec2:RunInstances', resource: '*' })).decision).toBe('ALLOWED');
  });

  it('evaluates roles by their ARN with their own policies', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await mutate(`mutation($trust: JSON!, $doc: JSON!) {
      createRole(input: {roleName: "worker", path: "/svc/", assumeRolePolicyDocument: $trust}) { role { roleId } }
      putRolePolicy(input: {roleName: "worker", policyName: "queue", policyDocument: $doc}) { role { roleName } } }`, { trust, doc: allow('sqs:*') });
    const roleArn = `arn:aws:iam::${api.accountId}:role/svc/worker`;
    expect((await decide({ principal: roleArn, action: 'sqs:DeleteMessage', resource: '*' })).decision).toBe('ALLOWED');
    expect((await decide({ principal: roleArn, action: 's3:GetObject', resource: '*' })).decision).toBe('IMPLICIT_DENY');
  });

  it('answers NO_SUCH_ENTITY for an unknown principal, ACCESS_DENIED for another account\'s', async () => {
    expect(errorCodeOf(await api.gql(EVALUATE, { input: { principal: arn('user', 'nobody'), action: 's3:GetObject', resource: '*' } }))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await api.gql(EVALUATE, { input: { principal: 'arn:aws:iam::999999999999:user/alice', action: 's3:GetObject', resource: '*' } }))).toBe('ACCESS_DENIED');
    expect(errorCodeOf(await api.gql(EVALUATE, { input: { principal: 'not an arn', action: 's3:GetObject', resource: '*' } }))).toBe('BAD_USER_INPUT');
  });
});

describe('the request context', () => {
  beforeAll(async () => {
    await mutate(`mutation($doc: JSON!) { createPolicy(input: {policyName: "Home", policyDocument: $doc}) { policy { arn } } }`, {
      doc: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'OwnFolder', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
          { Sid: 'TeamOnly', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
          { Sid: 'Office', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
        ],
      },
    });
    for (const user of ['alice', 'bob']) {
      await mutate(`mutation($arn: String!) { attachUserPolicy(input: {userName: "${user}", policyArn: $arn}) { user { userName } } }`, { arn: arn('policy', 'Home') });
    }
  });

  it('fills aws:username itself, for policy variables', async () => {
    expect((await decide({ principal: arn('user', 'alice'), action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes' })).decision).toBe('ALLOWED');
    expect((await decide({ principal: arn('user', 'alice'), action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/notes' })).decision).toBe('IMPLICIT_DENY');
  });

  it('never lets the caller override a principal key', async () => {
    const spoofed = await decide({
      principal: arn('user', 'bob'),
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::home/alice/notes',
      context: [{ key: 'aws:username', values: ['alice'] }, { key: 'AWS:PrincipalTag/team', values: ['blue'] }],
    });
    expect(spoofed.decision).toBe('IMPLICIT_DENY');
    expect((await decide({ principal: arn('user', 'bob'), action: 'dynamodb:GetItem', resource: '*', context: [{ key: 'aws:PrincipalTag/team', values: ['blue'] }] })).decision).toBe(
      'IMPLICIT_DENY',
    );
  });

  it('reads principal tags from the store, and sees a tag change at once', async () => {
    expect((await decide({ principal: arn('user', 'alice'), action: 'dynamodb:GetItem', resource: '*' })).decision).toBe('ALLOWED');
    await mutate(`mutation { tagUser(input: {userName: "alice", tags: [{key: "team", value: "red"}]}) { user { userName } } }`);
    expect((await decide({ principal: arn('user', 'alice'), action: 'dynamodb:GetItem', resource: '*' })).decision).toBe('IMPLICIT_DENY');
    await mutate(`mutation { tagUser(input: {userName: "alice", tags: [{key: "team", value: "blue"}]}) { user { userName } } }`);
  });

  it('takes request keys from the caller, and reports the ones a condition missed', async () => {
    expect((await decide({ principal: arn('user', 'alice'), action: 'kms:Decrypt', resource: '*', context: [{ key: 'aws:SourceIp', values: ['10.1.2.3'], type: 'IP' }] })).decision).toBe(
      'ALLOWED',
    );
    const missing = await decide({ principal: arn('user', 'alice'), action: 'kms:Decrypt', resource: '*' });
    expect(missing.decision).toBe('IMPLICIT_DENY');
    expect(missing.missingContextKeys.map((key: string) => key.toLowerCase())).toEqual(['aws:sourceip']);
  });

  it('explains every statement when asked', async () => {
    const answer = await decide({ principal: arn('user', 'alice'), action: 'kms:Decrypt', resource: '*', explain: true });
    const office = answer.trace.find((statement: any) => statement.policyId === arn('policy', 'Home') && statement.statementIndex === 2);
    expect(office).toMatchObject({ actionMatched: true, resourceMatched: true, matched: false });
    expect(office.conditions).toEqual([expect.objectContaining({ operator: 'IpAddress', key: 'aws:SourceIp', matched: false })]);
    expect(office.conditions[0].reason).toMatch(/missing/);
  });
});

describe('resource policies', () => {
  const bucketPolicy = (principal: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::drop/*' }],
  });

  it('lets a same-account resource policy naming the user allow on its own', async () => {
    const answer = await decide({ principal: arn('user', 'bob'), action: 's3:PutObject', resource: 'arn:aws:s3:::drop/file', resourcePolicy: bucketPolicy(arn('user', 'bob')) });
    expect(answer.decision).toBe('ALLOWED');
    expect(answer.matchedStatements[0].policyType).toBe('RESOURCE_POLICY');
  });

  it('needs both sides across accounts', async () => {
    const answer = await decide({
      principal: arn('user', 'bob'),
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::drop/file',
      resourceAccount: '999999999999',
      resourcePolicy: bucketPolicy(arn('user', 'bob')),
    });
    expect(answer.decision).toBe('IMPLICIT_DENY');
  });

  it('refuses a malformed resource policy with its findings', async () => {
    const response = await api.gql(EVALUATE, {
      input: { principal: arn('user', 'bob'), action: 's3:PutObject', resource: '*', resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
    });
    expect(errorCodeOf(response)).toBe('MALFORMED_POLICY_DOCUMENT');
    expect(response.errors![0]!.extensions).toMatchObject({ field: 'resourcePolicy' });
    expect(response.errors![0]!.extensions!.findings).toContainEqual(findingAt('MISSING_PRINCIPAL', ['Statement', 0]));
  });
});

describe('evaluateAccessBatch', () => {
  const BATCH = `query($inputs: [EvaluateAccessInput!]!, $explain: Boolean) { evaluateAccessBatch(inputs: $inputs, explain: $explain) { decision { decision trace { matched } } } }`;

  it('answers each request in order, with traces when asked', async () => {
    const inputs = [
      { principal: arn('user', 'alice'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' },
      { principal: arn('user', 'bob'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' },
      { principal: arn('user', 'alice'), action: 's3:DeleteBucket', resource: 'arn:aws:s3:::reports' },
    ];
    const answers = dataOf(await api.gql(BATCH, { inputs, explain: true })).evaluateAccessBatch;
    expect(answers.map((answer: any) => answer.decision.decision)).toEqual(['ALLOWED', 'IMPLICIT_DENY', 'IMPLICIT_DENY']);
    expect(answers[0].decision.trace.length).toBeGreaterThan(0);
    const plain = dataOf(await api.gql(BATCH, { inputs })).evaluateAccessBatch;
    expect(plain[0].decision.trace).toBeNull();
  });

  it('takes up to 1000 requests, and refuses more with LIMIT_EXCEEDED', async () => {
    const one = { principal: arn('user', 'alice'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' };
    expect(dataOf(await api.gql(BATCH, { inputs: Array(1000).fill(one) })).evaluateAccessBatch).toHaveLength(1000);
    expect(errorCodeOf(await api.gql(BATCH, { inputs: Array(1001).fill(one) }))).toBe('LIMIT_EXCEEDED');
  });
});

describe('cost and consistency', () => {
  it('costs one SQL statement when warm, for a single request or a batch', async () => {
    const input = { principal: arn('user', 'alice'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' };
    await decide(input);
    expect(await api.sqlCount(() => decide(input))).toBe(1);
    const inputs = Array(50).fill(input);
    expect(await api.sqlCount(async () => dataOf(await api.gql(`query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { decision } } }`, { inputs })))).toBe(1);
  });

  it('sees a change made through another server process on the same database in the next call', async () => {
    const prisma = createPrisma(api.database.url);
    let other: RunningServer | undefined;
    try {
      other = await createServer({
        prisma,
        databaseUrl: api.database.url,
        logger: createLogger('silent'),
        partition: 'aws',
        port: 0,
        host: '127.0.0.1',
        auth: DEFAULT_AUTH_SETTINGS,
        masterKey: randomBytes(32),
      });
      const viaOther = async (query: string, variables: Record<string, unknown>) => {
        const response = await fetch(other!.url, { method: 'POST', headers: { 'content-type': 'application/json', ...api.authHeaders() }, body: JSON.stringify({ query, variables }) });
        return (await response.json()) as { data?: any };
      };
      const input = { principal: arn('user', 'bob'), action: 'sns:Publish', resource: '*' };
      expect((await decide(input)).decision).toBe('IMPLICIT_DENY');
      expect((await viaOther(EVALUATE, { input })).data.evaluateAccess.decision).toBe('IMPLICIT_DENY');
      await viaOther(`mutation($doc: JSON!) { putUserPolicy(input: {userName: "bob", policyName: "sns", policyDocument: $doc}) { user { userName } } }`, { doc: allow('sns:Publish') });
      expect((await decide(input)).decision).toBe('ALLOWED');
    } finally {
      await other?.stop();
      await prisma.$disconnect();
    }
  });
});
