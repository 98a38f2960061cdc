// The decision log (GATEHOUSE_DECISION_LOG): evaluateAccess decisions and the API's own
// authorization of IAM callers, read back through decisionLog ("why was alice denied at
// 10:02?"), its filters and keyset pages, one account never seeing another's, and no row (and
// no request-path statement) at all when the log is off. Retention and the buffer's bound:
// decision-log-limits.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type CreatedAccount, type SendAs, type TestApi } from '../support/api-harness.ts';
import { allow, iamCaller, putPolicy } from '../support/iam-callers.ts';

let api: TestApi;
let off: TestApi;
let clockAt = new Date('2026-06-01T09:00:00.000Z');
// A long flush delay: every row a test sees was written by decisionLog's own flush (or stop).
const LOG_ON = { enabled: true, retentionDays: 30, flushAfterMs: 600_000 };
beforeAll(async () => {
  api = await startTestApi({ clock: () => clockAt, server: { decisionLog: LOG_ON } });
  off = await startTestApi();
});
afterAll(async () => Promise.all([api?.stop(), off?.stop()]));

const LOG = `query($filter: DecisionLogFilter, $first: Int, $after: String) {
  decisionLog(filter: $filter, first: $first, after: $after) {
    nodes {
      id time requestId callerArn principalArn action resource decision source field omittedStatements
      decidingStatements { policyId sid effect statementIndex source { kind policyName policyArn } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;
const EVALUATE = 'query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) { decision } }';
const BATCH = 'query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { decision } error { message } } }';
const at = (time: string) => (clockAt = new Date(time));
const decisions = async (filter: Record<string, unknown> = {}, as?: SendAs, first = 100, target = api) =>
  dataOf(await target.gql(LOG, { filter, first }, as)).decisionLog.nodes as any[];
const userArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:user/${name}`;
const evaluate = async (principal: string, action: string, as?: SendAs, target = api) =>
  dataOf(await target.gql(EVALUATE, { input: { principal, action, resource: '*' } }, as)).evaluateAccess.decision as string;

async function accountWithAlice(): Promise<{ account: CreatedAccount; alice: string }> {
  const account = await api.createAccount();
  const as = { accountId: account.accountId };
  dataOf(await api.gql('mutation { createUser(input: {userName: "alice"}) { user { userName } } }', {}, as));
  const policy = { Version: '2012-10-17', Statement: [{ Sid: 'Reads', Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }, { Sid: 'NoDeletes', Effect: 'Deny', Action: 'iam:Delete*', Resource: '*' }] };
  await putPolicy(api, 'alice', policy, 'alice-rules', as);
  return { account, alice: userArn(account.accountId, 'alice') };
}

describe('decisionLog', () => {
  it('answers "why was alice denied at 10:02?" with her decision and the statement that denied it', async () => {
    const { account, alice } = await accountWithAlice();
    const as = { accountId: account.accountId };
    at('2026-06-01T10:01:00.000Z');
    expect(await evaluate(alice, 'iam:GetUser', as)).toBe('ALLOWED');
    at('2026-06-01T10:02:17.000Z');
    expect(await evaluate(alice, 'iam:DeleteUser', as)).toBe('EXPLICIT_DENY');
    at('2026-06-01T10:03:00.000Z');
    expect(await evaluate(alice, 'iam:CreateUser', as)).toBe('IMPLICIT_DENY');

    const [why, ...others] = await decisions({ principal: alice, from: '2026-06-01T10:02:00.000Z', to: '2026-06-01T10:03:00.000Z' }, as);
    expect(others).toEqual([]);
    expect(why).toMatchObject({
      time: '2026-06-01T10:02:17.000Z',
      callerArn: `arn:aws:iam::${account.accountId}:root`,
      principalArn: alice,
      action: 'iam:DeleteUser',
      resource: '*',
      decision: 'EXPLICIT_DENY',
      source: 'EVALUATE_ACCESS',
      field: 'Query.evaluateAccess',
      omittedStatements: 0,
      decidingStatements: [{ sid: 'NoDeletes', effect: 'DENY', statementIndex: 1, source: { kind: 'INLINE_ON_PRINCIPAL', policyName: 'alice-rules', policyArn: null } }],
    });
    const denials = await decisions({ principal: alice, decision: 'IMPLICIT_DENY' }, as);
    expect(denials.map((entry) => [entry.action, entry.decidingStatements])).toEqual([['iam:CreateUser', []]]);
    const allowed = await decisions({ principal: alice, decision: 'ALLOWED' }, as);
    expect(allowed.map((entry) => [entry.action, entry.decidingStatements[0].sid])).toEqual([['iam:GetUser', 'Reads']]);
  });

  it("records the API's authorization of an IAM caller, allowed and denied, with the field; root's own calls are not decided by policies", async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    const token = await iamCaller(api, 'bob', as);
    await putPolicy(api, 'bob', allow('iam:ListUsers'), 'lister', as);
    const bob = userArn(account.accountId, 'bob');
    at('2026-06-01T11:00:00.000Z');
    const listed = await api.gql('{ users(first: 10) { nodes { userName groups { groupName } } } }', {}, { token });
    expect(listed.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['ACCESS_DENIED', ['users', 'nodes', 0, 'groups']]]);
    at('2026-06-01T11:01:00.000Z');
    expect(errorCodeOf(await api.gql('mutation { createUser(input: {userName: "eve"}) { user { userName } } }', {}, { token }))).toBe('ACCESS_DENIED');

    const entries = await decisions({ principal: bob, source: 'AUTHORIZATION' }, as);
    expect(entries.map((entry) => [entry.field, entry.action, entry.resource, entry.decision, entry.decidingStatements.map((s: any) => s.source.policyName)])).toEqual([
      ['Mutation.createUser', 'iam:CreateUser', userArn(account.accountId, 'eve'), 'IMPLICIT_DENY', []],
      ['User.groups', 'iam:ListGroupsForUser', bob, 'IMPLICIT_DENY', []],
      ['Query.users', 'iam:ListUsers', `arn:aws:iam::${account.accountId}:user/*`, 'ALLOWED', ['lister']],
    ]);
    expect(entries.every((entry) => entry.callerArn === bob)).toBe(true);
    // root created bob and gave him his policy: none of it was decided by the engine
    expect(await decisions({ principal: `arn:aws:iam::${account.accountId}:root` }, as)).toEqual([]);
  });

  it('filters by action, resource and decision, and pages newest first with keyset cursors', async () => {
    const { account, alice } = await accountWithAlice();
    const as = { accountId: account.accountId };
    at('2026-06-01T12:00:00.000Z');
    const inputs = ['GetUser', 'GetRole', 'DeleteUser', 'GetGroup', 'DeleteRole', 'GetPolicy', 'ListUsers'].map((name) => ({ principal: alice, action: `iam:${name}`, resource: `arn:aws:iam::${account.accountId}:thing/${name}` }));
    const answers = dataOf(await api.gql(BATCH, { inputs: [...inputs, { principal: userArn(account.accountId, 'nobody'), action: 'iam:GetUser', resource: '*' }] }, as)).evaluateAccessBatch;
    expect(answers.at(-1).error).not.toBeNull(); // an input that is not decided is not recorded
    at('2026-06-01T12:00:01.000Z');
    expect(await evaluate(alice, 'iam:GetUser', as)).toBe('ALLOWED');

    expect((await decisions({ action: 'iam:GetUser' }, as)).map((entry) => [entry.time, entry.field])).toEqual([
      ['2026-06-01T12:00:01.000Z', 'Query.evaluateAccess'],
      ['2026-06-01T12:00:00.000Z', 'Query.evaluateAccessBatch'],
    ]);
    expect((await decisions({ resource: inputs[4]!.resource }, as)).map((entry) => entry.decision)).toEqual(['EXPLICIT_DENY']);
    expect((await decisions({ decision: 'EXPLICIT_DENY' }, as)).map((entry) => entry.action)).toEqual(['iam:DeleteRole', 'iam:DeleteUser']);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const connection: any = dataOf(await api.gql(LOG, { filter: { principal: alice }, first: 3, after }, as)).decisionLog;
      seen.push(...connection.nodes.map((entry: any) => entry.action));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    // one request's decisions share its time: within it, the last decided comes first
    expect(seen).toEqual(['iam:GetUser', ...inputs.map((input) => input.action).reverse()]);
    expect(errorCodeOf(await api.gql(LOG, { first: 101 }, as))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(await api.gql(LOG, { filter: { principal: 'x'.repeat(2049) } }, as))).toBe('BAD_USER_INPUT');
  });

  it('keeps 8 KiB of deciding statements an entry, and counts the rest', async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    const statements = Array.from({ length: 60 }, (_, index) => ({ Sid: `Read${index}`, Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }));
    const create = 'mutation($doc: JSON!) { createPolicy(input: {policyName: "wide", policyDocument: $doc}) { policy { arn } } }';
    const policyArn = dataOf(await api.gql(create, { doc: { Version: '2012-10-17', Statement: statements } }, as)).createPolicy.policy.arn;
    dataOf(await api.gql('mutation { createUser(input: {userName: "wide"}) { user { userName } } }', {}, as));
    dataOf(await api.gql('mutation($arn: String!) { attachUserPolicy(input: {userName: "wide", policyArn: $arn}) { __typename } }', { arn: policyArn }, as));
    expect(await evaluate(userArn(account.accountId, 'wide'), 'iam:GetUser', as)).toBe('ALLOWED');
    const [entry] = await decisions({ principal: userArn(account.accountId, 'wide') }, as);
    expect(entry.omittedStatements).toBeGreaterThan(0);
    expect(entry.decidingStatements.length + entry.omittedStatements).toBe(60);
    expect(entry.decidingStatements[0]).toMatchObject({ sid: 'Read0', source: { kind: 'ATTACHED_TO_PRINCIPAL', policyArn } });
    const row = await api.prisma.decisionLogEntry.findFirstOrThrow({ where: { accountId: account.accountId } });
    expect(JSON.stringify(row.decidingStatements).length).toBeLessThanOrEqual(8192 + 64);
  });

  it("never shows another account's decisions, by list or by id", async () => {
    const { account, alice } = await accountWithAlice();
    const other = await api.createAccount();
    at('2026-06-01T13:00:00.000Z');
    await evaluate(alice, 'iam:GetUser', { accountId: account.accountId });
    const [mine] = await decisions({ principal: alice }, { accountId: account.accountId });
    expect(await decisions({ principal: alice }, { accountId: other.accountId })).toEqual([]);
    expect(await decisions({}, { accountId: other.accountId })).toEqual([]);
    const node = await api.gql('query($id: ID!) { node(id: $id) { id } }', { id: mine.id }, { accountId: other.accountId });
    expect(dataOf(node).node).toBeNull();
    const own = await api.gql('query($id: ID!) { node(id: $id) { ... on DecisionLogEntry { action } } }', { id: mine.id }, { accountId: account.accountId });
    expect(dataOf(own).node).toEqual({ action: 'iam:GetUser' });
  });

  it('is its own action, gatehouse:ListDecisions', async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    const token = await iamCaller(api, 'auditor', as);
    expect(errorCodeOf(await api.gql(LOG, {}, { token }))).toBe('ACCESS_DENIED');
    await putPolicy(api, 'auditor', allow('gatehouse:ListDecisions'), 'reader', as);
    const entries = await decisions({ principal: userArn(account.accountId, 'auditor') }, { token });
    expect(entries.map((entry) => [entry.field, entry.decision])).toEqual([
      ['Query.decisionLog', 'ALLOWED'],
      ['Query.decisionLog', 'IMPLICIT_DENY'],
    ]);
  });

  it('stores a decision whose request holds characters PostgreSQL refuses, without failing the rest of its batch', async () => {
    const { account, alice } = await accountWithAlice();
    const as = { accountId: account.accountId };
    const resource = 'arn:aws:s3:::odd-\u0000-\ud800-name';
    const inputs = [
      { principal: alice, action: 'iam:GetUser', resource },
      { principal: alice, action: 'iam:GetUser', resource: '*' },
    ];
    const answers = dataOf(await api.gql(BATCH, { inputs }, as)).evaluateAccessBatch;
    expect(answers.map((answer: any) => answer.decision?.decision)).toEqual(['ALLOWED', 'ALLOWED']);
    const entries = await decisions({ principal: alice }, as);
    expect(entries.map((entry) => entry.resource)).toEqual(['*', 'arn:aws:s3:::odd-\ufffd-\ufffd-name']);
  });

  it('writes what it holds when the server stops', async () => {
    const { account, alice } = await accountWithAlice();
    await evaluate(alice, 'iam:GetUser', { accountId: account.accountId });
    const stored = () => api.prisma.decisionLogEntry.count({ where: { accountId: account.accountId } });
    expect(await stored()).toBe(0); // still in the buffer: nothing has flushed it
    await api.restart();
    expect(await stored()).toBe(1);
  });

  it('sends no SQL statement for a decision on the request path: a decision costs what it costs with the log off', async () => {
    const count = async (target: TestApi) => {
      const alice = userArn(target.accountId, 'alice');
      await target.gql('mutation { createUser(input: {userName: "alice"}) { user { userName } } }');
      await putPolicy(target, 'alice', allow('iam:Get*'));
      await evaluate(alice, 'iam:GetUser', {}, target); // warm: alice's policies are cached
      await target.decisions.flushDecisions();
      return target.sqlCount(() => evaluate(alice, 'iam:GetUser', {}, target));
    };
    expect(await count(api)).toBe(await count(off));
    expect(await api.sqlCount(() => api.decisions.flushDecisions())).toBe(1);
  });
});

describe('the decision log switched off (the default)', () => {
  it('records nothing', async () => {
    const token = await iamCaller(off, 'carol');
    await putPolicy(off, 'carol', allow('iam:SimulatePrincipalPolicy'), 'sim');
    const carol = userArn(off.accountId, 'carol');
    expect(await evaluate(carol, 'iam:GetUser', {}, off)).toBe('IMPLICIT_DENY');
    expect(await evaluate(carol, 'iam:GetUser', { token }, off)).toBe('IMPLICIT_DENY');
    await off.decisions.flushDecisions();
    expect(await decisions({}, {}, 100, off)).toEqual([]);
    expect(await off.prisma.decisionLogEntry.count()).toBe(0);
  });
});

