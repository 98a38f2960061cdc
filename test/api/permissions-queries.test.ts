// The effective-permissions queries as a client meets them: the shapes of their answers on a
// small account, the caller's own permissions, paging, bad input, and a change committed just
// before a call being reflected in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticServiceCatalog } from '../../src/services/catalog/static-catalog.ts';
import { dataOf, errorCodeOf, firstError, startTestApi, testPasswordHasher, type TestApi } from '../support/api-harness.ts';

const CATALOG = new StaticServiceCatalog([
  { prefix: 's3', name: 'Amazon S3', actions: [
    { service: 's3', name: 'DeleteObject', accessLevel: 'Write', resourceTypes: [], conditionKeys: [] },
    { service: 's3', name: 'GetObject', accessLevel: 'Read', resourceTypes: [], conditionKeys: [] },
    { service: 's3', name: 'ListBucket', accessLevel: 'List', resourceTypes: [], conditionKeys: [] },
    { service: 's3', name: 'PutObject', accessLevel: 'Write', resourceTypes: [], conditionKeys: [] },
  ] },
  { prefix: 'sqs', name: 'Amazon SQS', actions: [
    { service: 'sqs', name: 'ReceiveMessage', accessLevel: 'Read', resourceTypes: [], conditionKeys: [] },
    { service: 'sqs', name: 'SendMessage', accessLevel: 'Write', resourceTypes: [], conditionKeys: [] },
  ] },
]);
const V = '2012-10-17';
const CLAUSE = 'arnTests { patterns negated } conditions { operator key values keyValues } statements { sid source { kind groupName policyName } }';

let api: TestApi;
let account: string;
const arn = (kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;
const gql = async (query: string, variables: Record<string, unknown> = {}) => dataOf(await api.gql(query, variables, { accountId: account }));

beforeAll(async () => {
  api = await startTestApi({ server: { serviceCatalog: CATALOG } });
  account = (await api.createAccount()).accountId;
  const policy = (name: string, Statement: unknown[]) => gql('mutation($n: String!, $d: JSON!) { createPolicy(input: {policyName: $n, policyDocument: $d}) { policy { arn } } }', { n: name, d: { Version: V, Statement } });
  await policy('Reports', [
    { Sid: 'TeamReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } },
    { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::reports/secret/*' },
  ]);
  await policy('Queues', [
    { Sid: 'AllButAdmin', Effect: 'Allow', Action: 'sqs:SendMessage', NotResource: 'arn:aws:sqs:*:*:admin-*' },
    { Sid: 'FromOffice', Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
  ]);
  await policy('Everything', [{ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'NoDeleteWithoutMfa', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }]);
  await gql(`mutation {
    alice: createUser(input: {userName: "alice", tags: [{key: "team", value: "blue"}]}) { user { arn } }
    bob: createUser(input: {userName: "bob"}) { user { arn } }
    carol: createUser(input: {userName: "carol"}) { user { arn } }
    dave: createUser(input: {userName: "dave"}) { user { arn } }
    d1: putUserPolicy(input: {userName: "dave", policyName: "AllButIam", policyDocument: {Version: "2012-10-17", Statement: [{Sid: "NotIam", Effect: "Allow", NotAction: ["iam:*", "sqs:ReceiveMessage"], Resource: "arn:aws:sqs:*:*:*"}]}}) { user { userName } }
    g: createGroup(input: {groupName: "readers"}) { group { arn } }
    m: addUserToGroup(input: {groupName: "readers", userName: "alice"}) { user { userName } }
    a1: attachGroupPolicy(input: {groupName: "readers", policyArn: "${arn('policy', 'Reports')}"}) { group { groupName } }
    a2: attachUserPolicy(input: {userName: "bob", policyArn: "${arn('policy', 'Queues')}"}) { user { userName } }
    a3: attachUserPolicy(input: {userName: "carol", policyArn: "${arn('policy', 'Everything')}"}) { user { userName } }
  }`);
});
afterAll(async () => api?.stop());

describe('accessFilter', () => {
  it('answers the residual over the resource: ARN patterns, tag conditions with known variables filled in, denies', async () => {
    const { accessFilter } = await gql(`{ accessFilter(principal: "${arn('user', 'alice')}", action: "s3:GetObject") { result include { ${CLAUSE} } exclude { ${CLAUSE} } deniedBy { sid } } }`);
    expect(accessFilter).toEqual({
      result: 'SOME',
      include: [{
        arnTests: [{ patterns: ['arn:aws:s3:::reports/*'], negated: false }],
        conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/team', values: ['blue'], keyValues: null }],
        statements: [{ sid: 'TeamReports', source: { kind: 'ATTACHED_TO_GROUP', groupName: 'readers', policyName: 'Reports' } }],
      }],
      exclude: [{ arnTests: [{ patterns: ['arn:aws:s3:::reports/secret/*'], negated: false }], conditions: [], statements: [{ sid: 'NoSecrets', source: { kind: 'ATTACHED_TO_GROUP', groupName: 'readers', policyName: 'Reports' } }] }],
      deniedBy: [],
    });
  });

  it('keeps NotResource as a negated test, and answers ALL and NONE', async () => {
    const data = await gql(`{
      send: accessFilter(principal: "${arn('user', 'bob')}", action: "sqs:SendMessage") { result include { arnTests { patterns negated } } }
      all: accessFilter(principal: "${arn('user', 'carol')}", action: "s3:GetObject") { result include { statements { sid } } exclude { statements { sid } } }
      none: accessFilter(principal: "${arn('user', 'bob')}", action: "s3:GetObject") { result include { statements { sid } } }
      denied: accessFilter(principal: "${arn('user', 'carol')}", action: "s3:DeleteObject", context: [{key: "aws:MultiFactorAuthPresent", values: ["false"], type: BOOLEAN}]) { result deniedBy { sid } }
      missing: accessFilter(principal: "${arn('user', 'carol')}", action: "s3:DeleteObject") { result }
      office: accessFilter(principal: "${arn('user', 'bob')}", action: "sqs:ReceiveMessage", context: [{key: "aws:SourceIp", values: ["10.1.2.3"], type: IP}]) { result }
      away: accessFilter(principal: "${arn('user', 'bob')}", action: "sqs:ReceiveMessage", context: [{key: "aws:SourceIp", values: ["192.0.2.1"], type: IP}]) { result }
    }`);
    expect(data.send).toEqual({ result: 'SOME', include: [{ arnTests: [{ patterns: ['arn:aws:sqs:*:*:admin-*'], negated: true }] }] });
    expect(data.all).toEqual({ result: 'ALL', include: [{ statements: [{ sid: 'All' }] }], exclude: [] });
    expect(data.none).toEqual({ result: 'NONE', include: [] });
    // with MFA absent from the session the deny applies to every resource; with the key missing,
    // Bool fails and the deny does not apply, as evaluateAccess decides it
    expect(data.denied).toEqual({ result: 'NONE', deniedBy: [{ sid: 'NoDeleteWithoutMfa' }] });
    expect(data.missing).toEqual({ result: 'ALL' });
    expect([data.office.result, data.away.result]).toEqual(['ALL', 'NONE']);
  });

  it('refuses resource keys in the context and unknown principals, changing nothing', async () => {
    const tagged = await api.gql(`{ accessFilter(principal: "${arn('user', 'alice')}", action: "s3:GetObject", context: [{key: "aws:ResourceTag/team", values: ["red"]}]) { result } }`, {}, { accountId: account });
    expect(errorCodeOf(tagged)).toBe('BAD_USER_INPUT');
    expect(firstError(tagged).extensions?.['field']).toBe('context[0].key');
    const nobody = await api.gql(`{ accessFilter(principal: "${arn('user', 'nobody')}", action: "s3:GetObject") { result } }`, {}, { accountId: account });
    expect(errorCodeOf(nobody)).toBe('NO_SUCH_ENTITY');
    const badAction = await api.gql(`{ accessFilter(principal: "${arn('user', 'alice')}", action: "not an action") { result } }`, {}, { accountId: account });
    expect(errorCodeOf(badAction)).toBe('BAD_USER_INPUT');
  });
});

describe('whoCan', () => {
  it('lists allowed principals with how the policy reached them, conditional ones with their open conditions, and granting groups', async () => {
    const { whoCan } = await gql(`{ whoCan(action: "sqs:ReceiveMessage", resource: "arn:aws:sqs:us-east-1:${account}:jobs") {
      complete principals { principalArn principalType access matchedStatements { sid } include { conditions { operator key values } } } groups { groupName } } }`);
    expect(whoCan).toEqual({
      complete: true,
      principals: [{ principalArn: arn('user', 'bob'), principalType: 'USER', access: 'CONDITIONAL', matchedStatements: [{ sid: 'FromOffice' }], include: [{ conditions: [{ operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8'] }] }] }],
      groups: [],
    });
    const reports = await gql(`{ whoCan(action: "s3:GetObject", resource: "arn:aws:s3:::reports/q3", context: [{key: "aws:ResourceTag/team", values: ["blue"]}]) {
      principals { principalArn access matchedStatements { sid source { kind groupName } } } groups { groupName groupArn include { conditions { key values keyValues } } } } }`);
    expect(reports.whoCan.principals).toEqual([
      { principalArn: arn('user', 'alice'), access: 'ALLOWED', matchedStatements: [{ sid: 'TeamReports', source: { kind: 'ATTACHED_TO_GROUP', groupName: 'readers' } }] },
      { principalArn: arn('user', 'carol'), access: 'ALLOWED', matchedStatements: [{ sid: 'All', source: { kind: 'ATTACHED_TO_PRINCIPAL', groupName: null } }] },
    ]);
    // the group's condition names its members' tag, which only each member has
    expect(reports.whoCan.groups).toEqual([{ groupName: 'readers', groupArn: arn('group', 'readers'), include: [{ conditions: [{ key: 'aws:ResourceTag/team', values: ['${aws:PrincipalTag/team}'], keyValues: ['blue'] }] }] }]);
  });

  it('pages with a cursor that continues where the page ended', async () => {
    const page = async (after: string | null) => (await gql('query($after: String) { whoCan(action: "s3:GetObject", resource: "*", first: 1, after: $after) { principals { principalArn } pageInfo { hasNextPage endCursor } complete } }', { after })).whoCan;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const p: any = await page(after);
      seen.push(...p.principals.map((x: { principalArn: string }) => x.principalArn));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual([arn('user', 'carol')]);
    // a NotAction statement reaches every action it does not name
    const send = await gql(`{ whoCan(action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:${account}:admin-jobs") { principals { principalArn matchedStatements { sid } } } }`);
    expect(send.whoCan.principals).toEqual([{ principalArn: arn('user', 'dave'), matchedStatements: [{ sid: 'NotIam' }] }]);
    const bad = await api.gql('{ whoCan(action: "s3:GetObject", resource: "*", after: "not-a-cursor") { complete } }', {}, { accountId: account });
    expect(errorCodeOf(bad)).toBe('BAD_USER_INPUT');
    const big = await api.gql('{ whoCan(action: "s3:GetObject", resource: "*", first: 1001) { complete } }', {}, { accountId: account });
    expect(errorCodeOf(big)).toBe('BAD_USER_INPUT');
  });
});

describe('principalPermissions', () => {
  it('gives each catalog action its effective result and each service its policy summary', async () => {
    const { principalPermissions } = await gql(`{ principalPermissions(principal: "${arn('user', 'bob')}") {
      complete actions { action accessLevel access } services { servicePrefix access accessLevels { accessLevel access grantedActions totalActions } } } }`);
    expect(principalPermissions.complete).toBe(true);
    expect(principalPermissions.actions).toEqual([
      { action: 's3:DeleteObject', accessLevel: 'WRITE', access: 'NOT_GRANTED' },
      { action: 's3:GetObject', accessLevel: 'READ', access: 'NOT_GRANTED' },
      { action: 's3:ListBucket', accessLevel: 'LIST', access: 'NOT_GRANTED' },
      { action: 's3:PutObject', accessLevel: 'WRITE', access: 'NOT_GRANTED' },
      { action: 'sqs:ReceiveMessage', accessLevel: 'READ', access: 'CONDITIONAL' },
      { action: 'sqs:SendMessage', accessLevel: 'WRITE', access: 'ALLOWED' },
    ]);
    expect(principalPermissions.services).toEqual([
      { servicePrefix: 's3', access: 'NONE', accessLevels: [{ accessLevel: 'WRITE', access: 'NONE', grantedActions: 0, totalActions: 2 }, { accessLevel: 'READ', access: 'NONE', grantedActions: 0, totalActions: 1 }, { accessLevel: 'LIST', access: 'NONE', grantedActions: 0, totalActions: 1 }] },
      { servicePrefix: 'sqs', access: 'FULL', accessLevels: [{ accessLevel: 'READ', access: 'FULL', grantedActions: 1, totalActions: 1 }, { accessLevel: 'WRITE', access: 'FULL', grantedActions: 1, totalActions: 1 }] },
    ]);
    const carol = await gql(`{ principalPermissions(principal: "${arn('user', 'carol')}", filter: {servicePrefix: "s3", accessLevel: WRITE}) { actions { action access deniedBy { sid } exclude { conditions { key values } } } services { access } } }`);
    // MFA is not known for a stored principal: the deny stays open as a condition
    expect(carol.principalPermissions.actions).toEqual([
      { action: 's3:DeleteObject', access: 'CONDITIONAL', deniedBy: [], exclude: [{ conditions: [{ key: 'aws:MultiFactorAuthPresent', values: ['false'] }] }] },
      { action: 's3:PutObject', access: 'ALLOWED', deniedBy: [], exclude: [] },
    ]);
    expect(carol.principalPermissions.services).toEqual([{ access: 'FULL' }]);
  });

  it('pages over services and actions, and filters by action pattern and resource', async () => {
    const all: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: any = (await gql('query($p: String!, $after: String) { principalPermissions(principal: $p, first: 4, after: $after) { actions { action } pageInfo { hasNextPage endCursor } } }', { p: arn('user', 'bob'), after })).principalPermissions;
      all.push(...page.actions.map((a: { action: string }) => a.action));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(all).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:ReceiveMessage', 'sqs:SendMessage']);
    const admin = await gql(`{ principalPermissions(principal: "${arn('user', 'bob')}", filter: {action: "sqs:Send*", resource: "arn:aws:sqs:us-east-1:${account}:admin-jobs"}) { actions { action access } } }`);
    expect(admin.principalPermissions.actions).toEqual([{ action: 'sqs:SendMessage', access: 'NOT_GRANTED' }]);
  });
});

describe('myPermissions', () => {
  it('answers everything for the account root', async () => {
    const { myPermissions } = await gql('{ myPermissions(resource: "arn:aws:s3:::x", actions: ["s3:GetObject", "iam:DeleteUser"]) { action allowed decision } }');
    expect(myPermissions).toEqual([{ action: 's3:GetObject', allowed: true, decision: 'ALLOWED' }, { action: 'iam:DeleteUser', allowed: true, decision: 'ALLOWED' }]);
  });

  it('decides for a signed-in IAM user with the keys its session brings', async () => {
    const user = await api.prisma.user.findFirstOrThrow({ where: { accountId: account, nameKey: 'carol' } });
    const password = 'carol password 1234';
    await api.prisma.loginProfile.create({ data: { userId: user.id, passwordHash: await testPasswordHasher().hash(password) } });
    const token = await api.signIn({ account, userName: 'carol', password });
    const answer = dataOf(await api.gql('{ myPermissions(resource: "arn:aws:s3:::x", actions: ["s3:GetObject", "s3:DeleteObject", "sqs:SendMessage"]) { action allowed decision } }', {}, { token }));
    // the session has no MFA, so aws:MultiFactorAuthPresent is false and the deny applies
    expect(answer.myPermissions).toEqual([
      { action: 's3:GetObject', allowed: true, decision: 'ALLOWED' },
      { action: 's3:DeleteObject', allowed: false, decision: 'EXPLICIT_DENY' },
      { action: 'sqs:SendMessage', allowed: false, decision: 'IMPLICIT_DENY' },
    ]);
  });

  it('holds at most 100 actions, and counts them toward the decision budget', async () => {
    const many = Array.from({ length: 101 }, () => 's3:GetObject');
    const tooMany = await api.gql('query($a: [String!]!) { myPermissions(resource: "*", actions: $a) { allowed } }', { a: many }, { accountId: account });
    expect(errorCodeOf(tooMany)).toBe('BAD_USER_INPUT');
    const fields = Array.from({ length: 11 }, (_, i) => `m${i}: myPermissions(resource: "*", actions: $a) { allowed }`).join('\n');
    const overBudget = await api.gql(`query($a: [String!]!) { ${fields} }`, { a: many.slice(0, 100) }, { accountId: account });
    expect(errorCodeOf(overBudget)).toBe('LIMIT_EXCEEDED');
  });
});

describe('consistency', () => {
  it('reflects a change committed just before the call', async () => {
    const who = async () => (await gql('{ whoCan(action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:111122223333:jobs") { principals { principalArn } } }')).whoCan.principals.map((p: { principalArn: string }) => p.principalArn);
    const filter = async () => (await gql(`{ accessFilter(principal: "${arn('user', 'alice')}", action: "sqs:SendMessage") { result } }`)).accessFilter.result;
    const listed = async () => (await gql(`{ principalPermissions(principal: "${arn('user', 'alice')}", filter: {action: "sqs:SendMessage"}) { actions { access } } }`)).principalPermissions.actions[0].access;
    expect([await who(), await filter(), await listed()]).toEqual([[arn('user', 'bob'), arn('user', 'dave')], 'NONE', 'NOT_GRANTED']);
    await gql(`mutation { attachGroupPolicy(input: {groupName: "readers", policyArn: "${arn('policy', 'Queues')}"}) { group { groupName } } }`);
    expect([await who(), await filter(), await listed()]).toEqual([[arn('user', 'alice'), arn('user', 'bob'), arn('user', 'dave')], 'SOME', 'ALLOWED']);
    await gql(`mutation { detachGroupPolicy(input: {groupName: "readers", policyArn: "${arn('policy', 'Queues')}"}) { group { groupName } } }`);
    expect([await who(), await filter(), await listed()]).toEqual([[arn('user', 'bob'), arn('user', 'dave')], 'NONE', 'NOT_GRANTED']);
  });
});
