// Effective permissions against brute force: for generated accounts (users in groups, managed and
// inline policies with wildcards, NotAction, NotResource, conditions on principal, request and
// resource keys, boundaries), whoCan's ALLOWED principals are exactly those evaluateAccess
// allows; accessFilter lets a resource through exactly when evaluateAccess allows it with that
// resource's tags; principalPermissions agrees with evaluateAccess for every catalog action on
// sampled resources, tags and source addresses.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../../src/graphql/query-limits.ts';
import { StaticServiceCatalog } from '../../src/services/catalog/static-catalog.ts';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { resolveAccount, type AccountSpec } from '../support/generated-account.ts';
import { permissionAccountSpec } from '../support/permission-account.ts';
import { filterMatches, type Entry, type FilterJson } from '../support/permission-filter.ts';
import { storeAccount } from '../support/stored-account.ts';

// 16 accounts, each checked with about two thousand decisions: well under a minute here
const RUNS = 16;
const ACTIONS = ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage'];
const IPS = [null, '10.1.2.3', '192.0.2.7'];
const TEAMS = [null, 'blue', 'red'];
const CLAUSE = 'arnTests { patterns negated } conditions { operator key values keyValues }';
const FILTER = `result include { ${CLAUSE} } exclude { ${CLAUSE} }`;

export const TEST_CATALOG = new StaticServiceCatalog([
  { prefix: 's3', name: 'Amazon S3', actions: [
    { service: 's3', name: 'GetObject', accessLevel: 'Read', resourceTypes: [], conditionKeys: [] },
    { service: 's3', name: 'ListBucket', accessLevel: 'List', resourceTypes: [], conditionKeys: [] },
    { service: 's3', name: 'PutObject', accessLevel: 'Write', resourceTypes: [], conditionKeys: [] },
  ] },
  { prefix: 'sqs', name: 'Amazon SQS', actions: [{ service: 'sqs', name: 'SendMessage', accessLevel: 'Write', resourceTypes: [], conditionKeys: [] }] },
]);

let api: TestApi;
beforeAll(async () => {
  const queryLimits = { ...DEFAULT_QUERY_LIMITS, maxAliases: 1000, maxTokens: 100_000, maxCost: 10_000_000 };
  // every generated account signs its root in, shrinking included
  api = await startTestApi({ server: { queryLimits, serviceCatalog: TEST_CATALOG }, auth: { signInLimitPerIp: 100_000 } });
});
afterAll(async () => api?.stop());

const resourcesOf = (account: string) => ['arn:aws:s3:::data/x', 'arn:aws:s3:::home/u0/x', 'arn:aws:s3:::home/u1/x', 'arn:aws:s3:::other/y', `arn:aws:sqs:us-east-1:${account}:jobs`];
const ipEntries = (ip: string | null): Entry[] => (ip ? [{ key: 'aws:SourceIp', values: [ip], type: 'IP' }] : []);
const tagEntries = (team: string | null): Entry[] => (team ? [{ key: 'aws:ResourceTag/team', values: [team] }] : []);

interface Asked { principal: string; action: string; resource: string; context: Entry[] }

async function decide(account: string, asked: Asked[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < asked.length; i += 1000) {
    const inputs = asked.slice(i, i + 1000);
    const results = dataOf(await api.gql('query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { decision } error { message } } }', { inputs }, { accountId: account }))
      .evaluateAccessBatch as Array<{ decision: { decision: string } | null; error: unknown }>;
    expect(results.map((r) => r.error)).toEqual(results.map(() => null));
    out.push(...results.map((r) => r.decision!.decision === 'ALLOWED'));
  }
  return out;
}

async function checkWhoCan(account: string, principals: string[], why: string): Promise<void> {
  const asks = ACTIONS.flatMap((action) => resourcesOf(account).flatMap((resource) => IPS.map((ip) => ({ action, resource, context: ipEntries(ip) }))));
  const query = `query { ${asks.map((a, i) => `w${i}: whoCan(action: "${a.action}", resource: "${a.resource}", context: ${JSON.stringify(a.context).replace(/"(\w+)":/g, '$1:').replace(/type:"IP"/g, 'type: IP')}, first: 1000) { complete pageInfo { hasNextPage } principals { principalArn access } }`).join('\n')} }`;
  const answers = dataOf(await api.gql(query, {}, { accountId: account }));
  const allowed = await decide(account, asks.flatMap((a) => principals.map((principal) => ({ principal, ...a }))));
  asks.forEach((a, i) => {
    const answer = answers[`w${i}`] as { complete: boolean; pageInfo: { hasNextPage: boolean }; principals: Array<{ principalArn: string; access: string }> };
    expect(answer.complete).toBe(true);
    expect(answer.pageInfo.hasNextPage).toBe(false);
    const expected = principals.filter((_, p) => allowed[i * principals.length + p]).sort();
    const got = answer.principals.filter((p) => p.access === 'ALLOWED').map((p) => p.principalArn).sort();
    expect(got, `whoCan ${JSON.stringify(a)}\n${why}`).toEqual(expected);
  });
}

async function checkAccessFilter(account: string, principals: string[], why: string): Promise<void> {
  const asks = principals.flatMap((principal) => ACTIONS.flatMap((action) => IPS.map((ip) => ({ principal, action, ip }))));
  const query = `query { ${asks.map((a, i) => `f${i}: accessFilter(principal: "${a.principal}", action: "${a.action}"${a.ip ? `, context: [{key: "aws:SourceIp", values: ["${a.ip}"], type: IP}]` : ''}) { ${FILTER} }`).join('\n')} }`;
  const filters = dataOf(await api.gql(query, {}, { accountId: account }));
  const samples = resourcesOf(account).flatMap((resource) => TEAMS.map((team) => ({ resource, team })));
  const asked = asks.flatMap((a) => samples.map((s) => ({ principal: a.principal, action: a.action, resource: s.resource, context: [...ipEntries(a.ip), ...tagEntries(s.team)] })));
  const allowed = await decide(account, asked);
  asked.forEach((q, i) => {
    const filter = filters[`f${Math.floor(i / samples.length)}`] as FilterJson;
    expect(filterMatches(filter, q.resource, tagEntries(samples[i % samples.length]!.team)), `accessFilter ${JSON.stringify(q)}: ${JSON.stringify(filter)}\n${why}`).toBe(allowed[i]);
  });
}

async function checkPrincipalPermissions(account: string, principals: string[], why: string): Promise<void> {
  const query = `query { ${principals.map((p, i) => `p${i}: principalPermissions(principal: "${p}", first: 1000) { complete actions { action access ${FILTER} } }`).join('\n')} }`;
  const answers = dataOf(await api.gql(query, {}, { accountId: account }));
  const samples = resourcesOf(account).flatMap((resource) => TEAMS.flatMap((team) => IPS.map((ip) => ({ resource, context: [...ipEntries(ip), ...tagEntries(team)] }))));
  for (const [p, principal] of principals.entries()) {
    const answer = answers[`p${p}`] as { complete: boolean; actions: Array<FilterJson & { action: string; access: string }> };
    expect(answer.complete).toBe(true);
    expect(answer.actions.map((a) => a.action)).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:SendMessage']);
    const asked = answer.actions.flatMap((a) => samples.map((s) => ({ principal, action: a.action, ...s })));
    const allowed = await decide(account, asked);
    asked.forEach((q, i) => {
      const action = answer.actions[Math.floor(i / samples.length)]!;
      const expected = allowed[i];
      expect(filterMatches(action, q.resource, q.context), `principalPermissions ${JSON.stringify(q)}: ${JSON.stringify(action)}\n${why}`).toBe(expected);
      if (action.access === 'DENIED' || action.access === 'NOT_GRANTED') expect(expected).toBe(false);
    });
  }
}

async function checkAccount(generated: AccountSpec): Promise<void> {
  const account = (await api.createAccount()).accountId;
  const spec = resolveAccount(generated, account);
  const stored = await storeAccount(api, spec, account);
  const principals = [...stored.users, ...stored.roles];
  const why = `account ${JSON.stringify({ policies: spec.policies, groups: spec.groups, users: spec.users, roles: spec.roles })}`;
  await checkWhoCan(account, principals, why);
  await checkAccessFilter(account, principals, why);
  await checkPrincipalPermissions(account, principals, why);
}

describe('effective permissions against evaluateAccess', () => {
  it('whoCan, accessFilter and principalPermissions agree with evaluateAccess on generated accounts', async () => {
    await fc.assert(fc.asyncProperty(permissionAccountSpec, checkAccount), { numRuns: RUNS });
  }, 300_000);
});
