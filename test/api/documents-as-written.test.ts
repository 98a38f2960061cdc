// Documents as written: a document submitted as a string comes back exactly as submitted (as
// AWS returns a policy version's document), next to its parsed value, wherever it is stored;
// one submitted as an object comes back as its canonical text. Quotas count as before, and the
// evaluator reads these documents as it reads any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { docOfSize } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

// Odd on purpose: leading and trailing whitespace, tabs, CRLF, spaces before colons, keys out of
// AWS's usual order, and escapes (`\u00e9`, `\/`) in values and in a key. Its meaning: allow
// s3:GetObject on reports/* to principals tagged team=équipe.
const ODD_IDENTITY = ` {\r\n\t"Statement" : [ {\n      "Condition":{ "StringEquals" :{"aws:PrincipalTag\\/team":"\\u00e9quipe"}},\n      "Resource":"arn:aws:s3:::reports\\/*" ,"Effect":"Allow",\n\t"Action" : [ "s3:GetObject" ],   "Sid":"ReadReports"\n  } ],\n  "Version"   :"2012-10-17"\n}\r\n`;
const ODD_IDENTITY_VALUE = {
  Statement: [
    {
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'équipe' } },
      Resource: 'arn:aws:s3:::reports/*',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Sid: 'ReadReports',
    },
  ],
  Version: '2012-10-17',
};

const ODD_IDENTITY_V2 = `{"Version":"2012-10-17","Statement":\n{"Effect":"Allow" , "Action":"s3:PutObject","Resource":"arn:aws:s3:::caf\\u00e9\\/*"}}\n\n`;

const ODD_TRUST = `{ "Statement":[{"Action" :"sts:AssumeRole",\n "Principal":{"Service":"ec2.amazonaws.com"} ,\t"Effect":"Allow",\n "Condition":{"StringLike":{"aws:PrincipalTag\\/team":"\\u00e9quipe*"}}}],"Version":"2012-10-17"}  `;
const ODD_TRUST_VALUE = {
  Statement: [
    {
      Action: 'sts:AssumeRole',
      Principal: { Service: 'ec2.amazonaws.com' },
      Effect: 'Allow',
      Condition: { StringLike: { 'aws:PrincipalTag/team': 'équipe*' } },
    },
  ],
  Version: '2012-10-17',
};

// The same policy as an object, and the canonical text it is stored as: compact, keys in the
// order given, no escape JSON does not require (so `é` and `/` appear as themselves).
const OBJECT_IDENTITY = { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'équipe' } } }] };
const OBJECT_IDENTITY_TEXT =
  '{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"équipe"}}}]}';

const VERSION = 'versionId document documentText';
const INLINE = 'policyName policyDocument policyDocumentText';
const ROLE = 'assumeRolePolicyDocument assumeRolePolicyDocumentText';

async function mutate(query: string, variables: Record<string, unknown>): Promise<any> {
  return dataOf(await api.gql(query, variables));
}

function createPolicy(name: string, doc: unknown) {
  return api.gql(
    `mutation($n: String!, $doc: JSON!) { createPolicy(input: {policyName: $n, policyDocument: $doc}) { policy { arn defaultVersion { ${VERSION} } } } }`,
    { n: name, doc },
  );
}

function putInline(kind: 'User' | 'Group' | 'Role', owner: string, name: string, doc: unknown) {
  const nameArg = `${kind.toLowerCase()}Name`;
  return api.gql(
    `mutation($o: String!, $n: String!, $doc: JSON!) { put${kind}Policy(input: {${nameArg}: $o, policyName: $n, policyDocument: $doc}) { inlinePolicy { ${INLINE} } } }`,
    { o: owner, n: name, doc },
  );
}

function createRole(name: string, doc: unknown) {
  return api.gql(`mutation($n: String!, $doc: JSON!) { createRole(input: {roleName: $n, assumeRolePolicyDocument: $doc}) { role { ${ROLE} } } }`, { n: name, doc });
}

describe('a document submitted as a string comes back byte for byte', () => {
  it('createPolicy and createPolicyVersion, in the payload and when read again', async () => {
    const created = dataOf(await createPolicy('odd-managed', ODD_IDENTITY)).createPolicy.policy;
    expect(created.defaultVersion).toEqual({ versionId: 'v1', document: ODD_IDENTITY_VALUE, documentText: ODD_IDENTITY });
    const version = (
      await mutate(
        `mutation($arn: String!, $doc: JSON!) { createPolicyVersion(input: {policyArn: $arn, policyDocument: $doc}) { policyVersion { ${VERSION} } } }`,
        { arn: created.arn, doc: ODD_IDENTITY_V2 },
      )
    ).createPolicyVersion.policyVersion;
    expect(version.documentText).toBe(ODD_IDENTITY_V2);
    expect(version.document).toEqual({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::café/*' } });
    const read = dataOf(await api.gql(`query($arn: String!) { policy(policyArn: $arn) { versions { ${VERSION} } } }`, { arn: created.arn })).policy;
    const byId = Object.fromEntries(read.versions.map((v: { versionId: string }) => [v.versionId, v]));
    expect(byId.v1).toEqual({ versionId: 'v1', document: ODD_IDENTITY_VALUE, documentText: ODD_IDENTITY });
    expect(byId.v2.documentText).toBe(version.documentText);
    // The parsed value keeps the submitted key order too (the response is JSON, read in order).
    expect(Object.keys(byId.v1.document)).toEqual(['Statement', 'Version']);
  });

  it.each(['User', 'Group', 'Role'] as const)('put%sPolicy, in the payload and when read again', async (kind) => {
    const owner = `odd-${kind.toLowerCase()}`;
    const field = kind.toLowerCase();
    if (kind === 'Role') dataOf(await createRole(owner, ODD_TRUST));
    else await mutate(`mutation($n: String!) { create${kind}(input: {${field}Name: $n}) { ${field} { arn } } }`, { n: owner });
    const put = dataOf(await putInline(kind, owner, 'Odd', ODD_IDENTITY))[`put${kind}Policy`];
    expect(put.inlinePolicy).toEqual({ policyName: 'Odd', policyDocument: ODD_IDENTITY_VALUE, policyDocumentText: ODD_IDENTITY });
    const read = dataOf(await api.gql(`query($n: String!) { ${field}(${field}Name: $n) { inlinePolicies { ${INLINE} } } }`, { n: owner }));
    expect(read[field].inlinePolicies).toEqual([{ policyName: 'Odd', policyDocument: ODD_IDENTITY_VALUE, policyDocumentText: ODD_IDENTITY }]);
  });

  it('createRole and updateAssumeRolePolicy, in the payload and when read again', async () => {
    expect(dataOf(await createRole('odd-trust', ODD_TRUST)).createRole.role).toEqual({ assumeRolePolicyDocument: ODD_TRUST_VALUE, assumeRolePolicyDocumentText: ODD_TRUST });
    const updatedText = `\n${ODD_TRUST.replace('ec2.amazonaws.com', 'lambda.amazonaws.com')}\t\n`;
    const updated = (
      await mutate(`mutation($doc: JSON!) { updateAssumeRolePolicy(input: {roleName: "odd-trust", policyDocument: $doc}) { role { ${ROLE} } } }`, { doc: updatedText })
    ).updateAssumeRolePolicy.role;
    expect(updated.assumeRolePolicyDocumentText).toBe(updatedText);
    expect(updated.assumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'lambda.amazonaws.com' });
    const read = dataOf(await api.gql(`{ role(roleName: "odd-trust") { ${ROLE} } }`)).role;
    expect(read.assumeRolePolicyDocumentText).toBe(updatedText);
  });

  it('a GraphQL string literal is kept as its value, escapes of the JSON inside included', async () => {
    const response = await api.gql(`mutation { createPolicy(input: {policyName: "odd-literal", policyDocument: ${JSON.stringify(ODD_IDENTITY)}}) { policy { defaultVersion { documentText } } } }`);
    expect(dataOf(response).createPolicy.policy.defaultVersion.documentText).toBe(ODD_IDENTITY);
  });
});

describe('a document submitted as an object comes back as its canonical text', () => {
  it('from a JSON variable, everywhere a document is stored', async () => {
    expect(dataOf(await createPolicy('object-managed', OBJECT_IDENTITY)).createPolicy.policy.defaultVersion).toEqual({ versionId: 'v1', document: OBJECT_IDENTITY, documentText: OBJECT_IDENTITY_TEXT });
    await mutate(`mutation { createUser(input: {userName: "object-user"}) { user { arn } } }`, {});
    expect(dataOf(await putInline('User', 'object-user', 'Obj', OBJECT_IDENTITY)).putUserPolicy.inlinePolicy.policyDocumentText).toBe(OBJECT_IDENTITY_TEXT);
    const trust = JSON.parse(ODD_TRUST) as object;
    expect(dataOf(await createRole('object-trust', trust)).createRole.role.assumeRolePolicyDocumentText).toBe(
      '{"Statement":[{"Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"},"Effect":"Allow","Condition":{"StringLike":{"aws:PrincipalTag/team":"équipe*"}}}],"Version":"2012-10-17"}',
    );
  });

  it('from a GraphQL object literal, keys in the order written', async () => {
    const response = await api.gql(`mutation { createPolicy(input: {policyName: "object-literal", policyDocument: {
      Statement: [{ Resource: "*", Action: "s3:GetObject", Effect: "Allow" }], Version: "2012-10-17" }}) { policy { defaultVersion { documentText } } } }`);
    expect(dataOf(response).createPolicy.policy.defaultVersion.documentText).toBe('{"Statement":[{"Resource":"*","Action":"s3:GetObject","Effect":"Allow"}],"Version":"2012-10-17"}');
  });
});

describe('quotas count the submitted text, whitespace not counted, as before', () => {
  // A string with the same characters as docOfSize(size) plus much whitespace.
  const padded = (size: number) => JSON.stringify(docOfSize(size), null, '\t \r\n');

  it('a managed policy: 6144 counted characters pass though the text is longer, 6145 do not', async () => {
    const text = padded(6144);
    expect(text.length).toBeGreaterThan(6144);
    expect(dataOf(await createPolicy('quota-managed', text)).createPolicy.policy.defaultVersion.documentText).toBe(text);
    expect(errorCodeOf(await createPolicy('quota-managed-over', padded(6145)))).toBe('LIMIT_EXCEEDED');
  });

  it('a user\'s inline policies: 2048 counted characters in all, the padding free', async () => {
    await mutate(`mutation { createUser(input: {userName: "quota-user"}) { user { arn } } }`, {});
    const text = padded(2048);
    expect(text.length).toBeGreaterThan(2048);
    expect(dataOf(await putInline('User', 'quota-user', 'Big', text)).putUserPolicy.inlinePolicy.policyDocumentText).toBe(text);
    expect(errorCodeOf(await putInline('User', 'quota-user', 'Big', padded(2049)))).toBe('LIMIT_EXCEEDED');
  });

  it('a trust policy: 2048 counted characters, the padding free', async () => {
    const trust = (sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const base = JSON.stringify(trust('')).length;
    const text = (size: number) => JSON.stringify(trust('a'.repeat(size - base)), null, '  \n');
    expect(text(2048).length).toBeGreaterThan(2048);
    expect(dataOf(await createRole('quota-trust', text(2048))).createRole.role.assumeRolePolicyDocumentText).toBe(text(2048));
    expect(errorCodeOf(await createRole('quota-trust-over', text(2049)))).toBe('LIMIT_EXCEEDED');
  });
});

describe('evaluation reads documents submitted as odd strings', () => {
  const decide = async (principal: string) =>
    dataOf(
      await api.gql(`query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) { allowed } }`, {
        input: { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
      }),
    ).evaluateAccess.allowed as boolean;

  it('inline, attached through a group, and on a role; the escaped condition value matches', async () => {
    const arn = (kind: string, name: string) => `arn:aws:iam::${api.accountId}:${kind}/${name}`;
    await mutate(`mutation { createUser(input: {userName: "eval-inline", tags: [{key: "team", value: "équipe"}]}) { user { arn } } }`, {});
    await mutate(`mutation { createUser(input: {userName: "eval-group", tags: [{key: "team", value: "équipe"}]}) { user { arn } } }`, {});
    await mutate(`mutation { createUser(input: {userName: "eval-other", tags: [{key: "team", value: "equipe"}]}) { user { arn } } }`, {});
    await mutate(`mutation { createGroup(input: {groupName: "eval-readers"}) { group { arn } } }`, {});
    await mutate(`mutation { addUserToGroup(input: {groupName: "eval-readers", userName: "eval-group"}) { user { arn } } }`, {});
    await mutate(`mutation { addUserToGroup(input: {groupName: "eval-readers", userName: "eval-other"}) { user { arn } } }`, {});
    const policy = dataOf(await createPolicy('eval-managed', ODD_IDENTITY)).createPolicy.policy.arn;
    await mutate(`mutation($arn: String!) { attachGroupPolicy(input: {groupName: "eval-readers", policyArn: $arn}) { group { arn } } }`, { arn: policy });
    dataOf(await putInline('User', 'eval-inline', 'Odd', ODD_IDENTITY));
    dataOf(await createRole('eval-role', ODD_TRUST));
    await mutate(`mutation { tagRole(input: {roleName: "eval-role", tags: [{key: "team", value: "équipe"}]}) { role { arn } } }`, {});
    dataOf(await putInline('Role', 'eval-role', 'Odd', ODD_IDENTITY));

    expect(await decide(arn('user', 'eval-inline'))).toBe(true);
    expect(await decide(arn('user', 'eval-group'))).toBe(true);
    expect(await decide(arn('role', 'eval-role'))).toBe(true);
    // Same policies, tag without the accent: `\u00e9` was read as é, not as the six characters.
    expect(await decide(arn('user', 'eval-other'))).toBe(false);
  });
});
