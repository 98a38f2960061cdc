// Every matched statement and every trace entry says how its policy reached the request:
// attached to or inline on the principal, attached to or inline on which group, the permissions
// boundary, or a document supplied with the request. A policy that arrived in two ways is
// evaluated and reported once per way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createGroup, createPolicy, createRole, createUser } from '../support/fixtures.ts';

let api: TestApi;
let arn: (kind: string, name: string) => string;

const SOURCE = 'source { kind sourcePolicyType policyArn policyName groupName groupArn inputField }';
const EVALUATE = `query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) {
  decision
  matchedStatements { policyId sid ${SOURCE} }
  trace { policyId sid matched ${SOURCE} }
} }`;

interface Source {
  kind: string;
  sourcePolicyType: string;
  policyArn: string | null;
  policyName: string | null;
  groupName: string | null;
  groupArn: string | null;
  inputField: string | null;
}
interface Statement { policyId: string; sid: string | null; matched?: boolean; source: Source }

const allow = (Sid: string, Action: string) => ({ Version: '2012-10-17', Statement: [{ Sid, Effect: 'Allow', Action, Resource: '*' }] });
const none = { policyArn: null, policyName: null, groupName: null, groupArn: null, inputField: null };

async function mutate(query: string, variables: Record<string, unknown> = {}) {
  return dataOf(await api.gql(query, variables));
}

async function decide(input: Record<string, unknown>): Promise<{ decision: string; matchedStatements: Statement[]; trace: Statement[] }> {
  return dataOf(await api.gql(EVALUATE, { input: { explain: true, ...input } })).evaluateAccess;
}

/** The trace's sources by Sid, each Sid once per arrival. */
const sourcesBySid = (trace: Statement[]) => trace.map((statement) => [statement.sid, statement.source] as const);

beforeAll(async () => {
  api = await startTestApi();
  arn = (kind, name) => `arn:aws:iam::${api.accountId}:${kind}/${name}`;
  await createUser(api, 'dana');
  await createGroup(api, 'ops');
  await createGroup(api, 'audit');
  for (const group of ['ops', 'audit']) await mutate(`mutation { addUserToGroup(input: {groupName: "${group}", userName: "dana"}) { user { userName } } }`);
  await createPolicy(api, 'Shared', { document: allow('Shared', 's3:GetObject') });
  await createPolicy(api, 'AuditRead', { document: allow('AuditRead', 'cloudtrail:LookupEvents') });
  await createPolicy(api, 'Ceiling', { document: { Version: '2012-10-17', Statement: [{ Sid: 'Ceiling', Effect: 'Allow', Action: ['s3:*', 'cloudtrail:*', 'sqs:*', 'sns:*'], Resource: '*' }] } });
  const attach = (to: 'User' | 'Group', name: string, policy: string) =>
    mutate(`mutation($arn: String!) { attach${to}Policy(input: {${to.toLowerCase()}Name: "${name}", policyArn: $arn}) { __typename } }`, { arn: arn('policy', policy) });
  await attach('User', 'dana', 'Shared');
  await attach('Group', 'ops', 'Shared');
  await attach('Group', 'audit', 'AuditRead');
  await mutate(`mutation($doc: JSON!) { putUserPolicy(input: {userName: "dana", policyName: "own", policyDocument: $doc}) { __typename } }`, { doc: allow('Own', 'sqs:SendMessage') });
  await mutate(`mutation($doc: JSON!) { putGroupPolicy(input: {groupName: "ops", policyName: "pager", policyDocument: $doc}) { __typename } }`, { doc: allow('Pager', 'sns:Publish') });
  await mutate(`mutation($arn: String!) { putUserPermissionsBoundary(input: {userName: "dana", permissionsBoundary: $arn}) { __typename } }`, { arn: arn('policy', 'Ceiling') });
});
afterAll(async () => api?.stop());

describe('how each policy of a stored user arrived', () => {
  it('names the user, each group by name and ARN, and the boundary, in the trace', async () => {
    const answer = await decide({ principal: arn('user', 'dana'), action: 's3:GetObject', resource: '*' });
    const shared = { policyArn: arn('policy', 'Shared'), policyName: 'Shared' };
    expect(sourcesBySid(answer.trace)).toEqual(
      expect.arrayContaining([
        ['Own', { ...none, kind: 'INLINE_ON_PRINCIPAL', sourcePolicyType: 'USER', policyName: 'own' }],
        ['Shared', { ...none, kind: 'ATTACHED_TO_PRINCIPAL', sourcePolicyType: 'USER_MANAGED', ...shared }],
        ['Shared', { ...none, kind: 'ATTACHED_TO_GROUP', sourcePolicyType: 'USER_MANAGED', ...shared, groupName: 'ops', groupArn: arn('group', 'ops') }],
        ['Pager', { ...none, kind: 'INLINE_ON_GROUP', sourcePolicyType: 'GROUP', policyName: 'pager', groupName: 'ops', groupArn: arn('group', 'ops') }],
        [
          'AuditRead',
          { ...none, kind: 'ATTACHED_TO_GROUP', sourcePolicyType: 'USER_MANAGED', policyArn: arn('policy', 'AuditRead'), policyName: 'AuditRead', groupName: 'audit', groupArn: arn('group', 'audit') },
        ],
        ['Ceiling', { ...none, kind: 'PERMISSIONS_BOUNDARY', sourcePolicyType: 'USER_MANAGED', policyArn: arn('policy', 'Ceiling'), policyName: 'Ceiling' }],
      ]),
    );
    expect(answer.trace).toHaveLength(6);
  });

  it('reports a managed policy that arrived twice once per way, in matchedStatements too', async () => {
    const answer = await decide({ principal: arn('user', 'dana'), action: 's3:GetObject', resource: '*' });
    expect(answer.decision).toBe('ALLOWED');
    const kinds = answer.matchedStatements.map((statement) => [statement.sid, statement.source.kind, statement.source.groupName]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['Shared', 'ATTACHED_TO_PRINCIPAL', null],
        ['Shared', 'ATTACHED_TO_GROUP', 'ops'],
        ['Ceiling', 'PERMISSIONS_BOUNDARY', null],
      ]),
    );
    expect(kinds).toHaveLength(3);
  });

  it('says which group a deciding statement came through', async () => {
    const pager = await decide({ principal: arn('user', 'dana'), action: 'sns:Publish', resource: '*' });
    expect(pager.matchedStatements.find((statement) => statement.sid === 'Pager')!.source).toMatchObject({ kind: 'INLINE_ON_GROUP', groupName: 'ops' });
    const audit = await decide({ principal: arn('user', 'dana'), action: 'cloudtrail:LookupEvents', resource: '*' });
    expect(audit.matchedStatements.find((statement) => statement.sid === 'AuditRead')!.source).toMatchObject({ kind: 'ATTACHED_TO_GROUP', groupName: 'audit', groupArn: arn('group', 'audit') });
  });

  it('follows a change of membership at once', async () => {
    await mutate(`mutation { removeUserFromGroup(input: {groupName: "ops", userName: "dana"}) { __typename } }`);
    const answer = await decide({ principal: arn('user', 'dana'), action: 's3:GetObject', resource: '*' });
    expect(answer.matchedStatements.map((statement) => statement.source.kind)).toEqual(['ATTACHED_TO_PRINCIPAL', 'PERMISSIONS_BOUNDARY']);
    await mutate(`mutation { addUserToGroup(input: {groupName: "ops", userName: "dana"}) { __typename } }`);
  });
});

describe('roles and supplied documents', () => {
  it('names a role\'s own policies, and a resource policy by its argument', async () => {
    await createRole(api, 'worker');
    await mutate(`mutation($doc: JSON!) { putRolePolicy(input: {roleName: "worker", policyName: "queue", policyDocument: $doc}) { __typename } }`, { doc: allow('Queue', 'sqs:*') });
    await mutate(`mutation($arn: String!) { attachRolePolicy(input: {roleName: "worker", policyArn: $arn}) { __typename } }`, { arn: arn('policy', 'Shared') });
    const resourcePolicy = { Version: '2012-10-17', Statement: [{ Sid: 'Bucket', Effect: 'Allow', Principal: { AWS: arn('role', 'worker') }, Action: 's3:GetObject', Resource: '*' }] };
    const answer = await decide({ principal: arn('role', 'worker'), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourcePolicy });
    expect(sourcesBySid(answer.trace)).toEqual([
      ['Bucket', { ...none, kind: 'RESOURCE_POLICY', sourcePolicyType: 'RESOURCE', inputField: 'resourcePolicy' }],
      ['Queue', { ...none, kind: 'INLINE_ON_PRINCIPAL', sourcePolicyType: 'ROLE', policyName: 'queue' }],
      ['Shared', { ...none, kind: 'ATTACHED_TO_PRINCIPAL', sourcePolicyType: 'USER_MANAGED', policyArn: arn('policy', 'Shared'), policyName: 'Shared' }],
    ]);
    const batch = dataOf(
      await api.gql(`query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { matchedStatements { sid ${SOURCE} } } } }`, {
        inputs: [{ principal: arn('role', 'worker'), action: 'sqs:SendMessage', resource: '*' }, { principal: arn('role', 'worker'), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourcePolicy }],
      }),
    ).evaluateAccessBatch;
    expect(batch[1].decision.matchedStatements).toContainEqual({ sid: 'Bucket', source: { ...none, kind: 'RESOURCE_POLICY', sourcePolicyType: 'RESOURCE', inputField: 'inputs[1].resourcePolicy' } });
  });

  it('names each document given to simulateCustomPolicy by its argument and kind', async () => {
    const input = {
      identityPolicies: [allow('Id0', 's3:*'), allow('Id1', 's3:GetObject')],
      permissionsBoundaries: [allow('Bound', 's3:*')],
      serviceControlPolicies: [allow('Scp', '*')],
      sessionPolicies: [allow('Session', 's3:GetObject')],
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Res', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] },
      request: { principal: arn('user', 'dana'), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
      explain: true,
    };
    const answer = dataOf(await api.gql(`query($input: SimulateCustomPolicyInput!) { simulateCustomPolicy(input: $input) { trace { sid ${SOURCE} } } }`, { input })).simulateCustomPolicy;
    const supplied = (kind: string, inputField: string, sourcePolicyType = 'NONE') => ({ ...none, kind, sourcePolicyType, inputField });
    expect(sourcesBySid(answer.trace)).toEqual([
      ['Scp', supplied('SERVICE_CONTROL_POLICY', 'serviceControlPolicies[0]')],
      ['Res', supplied('RESOURCE_POLICY', 'resourcePolicy', 'RESOURCE')],
      ['Id0', supplied('SUPPLIED_IDENTITY_POLICY', 'identityPolicies[0]')],
      ['Id1', supplied('SUPPLIED_IDENTITY_POLICY', 'identityPolicies[1]')],
      ['Bound', supplied('PERMISSIONS_BOUNDARY', 'permissionsBoundaries[0]')],
      ['Session', supplied('SESSION_POLICY', 'sessionPolicies[0]')],
    ]);
  });
});
