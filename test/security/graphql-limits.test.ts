// Hostile queries through the real HTTP API: depth, aliases, directives, tokens and cost are
// bounded (counted through fragments), refusals say which limit with QUERY_LIMIT_EXCEEDED, and
// what bulk clients and codegen need still passes.
import { getIntrospectionQuery, Lexer, Source, TokenKind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { IDENTITY_DOC } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

function expectRefused(response: GraphqlResponse, limit: string): void {
  expect(response.data ?? undefined).toBeUndefined();
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]!.extensions).toEqual({ code: 'QUERY_LIMIT_EXCEEDED', limit });
  expect(response.errors![0]!.message).toMatch(new RegExp(`^query limit exceeded: ${limit}: `));
}

const repeat = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i)).join(' ');

describe("the README's queries", () => {
  it('pass every limit, in the order the README runs them', async () => {
    dataOf(await api.gql('mutation { createUser(input: {userName: "alice", path: "/dev/"}) { user { userId arn userName path createDate } } }'));
    dataOf(await api.gql('mutation { createGroup(input: {groupName: "developers"}) { group { arn } } }'));
    dataOf(await api.gql('mutation { addUserToGroup(input: {groupName: "developers", userName: "alice"}) { group { users { userName } } } }'));
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] }] };
    dataOf(await api.gql('mutation($doc: JSON!) { createPolicy(input: {policyName: "ReadReports", policyDocument: $doc}) { policy { arn defaultVersionId } } }', { doc }));
    const account = dataOf(await api.gql<{ account: { accountId: string } }>('{ account { accountId } }')).account.accountId;
    dataOf(await api.gql(`mutation { attachGroupPolicy(input: {groupName: "developers", policyArn: "arn:aws:iam::${account}:policy/ReadReports"}) { group { attachedPolicies { policyName } } } }`));
    const users = dataOf(await api.gql('{ users(first: 10) { totalCount nodes { userName arn groups { groupName attachedPolicies { policyName defaultVersion { document } } } } pageInfo { hasNextPage endCursor } } }'));
    expect(users.users.nodes[0].groups[0].attachedPolicies[0].policyName).toBe('ReadReports');
    const broken = await api.gql('mutation { createPolicy(input: {policyName: "Broken", policyDocument: "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Action\\":\\"s3:*\\",\\"NotAction\\":\\"iam:*\\",\\"Resource\\":\\"*\\"}]}"}) { policy { arn } } }');
    expect(errorCodeOf(broken)).toBe('MALFORMED_POLICY_DOCUMENT');
    const decision = dataOf(
      await api.gql(`{ evaluateAccess(input: {principal: "arn:aws:iam::${account}:user/dev/alice", action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv"}) { decision matchedStatements { policyId sid effect statementIndex } } }`),
    );
    expect(decision.evaluateAccess.decision).toBe('ALLOWED');
  });
});

describe('depth', () => {
  // users > nodes > groups > users > groups > (users > userName): 6 levels, or 7 with the last.
  const query = (deepest: string) => `query { users { ...Page } }
    fragment Page on UserConnection { nodes { ...Member } }
    fragment Member on User { groups { ... on Group { users { groups { ${deepest} } } } } }`;

  it('takes 6 levels through fragments and inline fragments', async () => {
    dataOf(await api.gql(query('groupName')));
  });

  it('refuses 7 levels through fragments and inline fragments', async () => {
    expectRefused(await api.gql(query('users { userName }')), 'depth');
  });
});

describe('aliases', () => {
  // How bulk clients ask for many decisions in one operation: one aliased field per decision,
  // each input a variable (16 tokens a decision, so 50 fit in the 1000-token limit).
  const bulk = (field: string, type: string, count: number) =>
    `query(${repeat(count, (i) => `$i${i}: ${type}!`)}) { ${repeat(count, (i) => `d${i}: ${field}(input: $i${i}) { decision }`)} }`;
  const request = (i: number) => ({ principal: `arn:aws:iam::${api.accountId}:user/bulk`, action: 's3:GetObject', resource: `arn:aws:s3:::b/${i}` });
  const inputs = (count: number, make: (i: number) => unknown) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`i${i}`, make(i)]));
  const simulate = (i: number) => ({ identityPolicies: [IDENTITY_DOC], request: request(i) });

  it('takes 50 aliased simulateCustomPolicy decisions in one operation', async () => {
    const data = dataOf(await api.gql(bulk('simulateCustomPolicy', 'SimulateCustomPolicyInput', 50), inputs(50, simulate)));
    expect(Object.keys(data)).toHaveLength(50);
    expect(data.d49).toEqual({ decision: 'ALLOWED' });
  });

  it('takes 50 aliased evaluateAccess decisions in one operation', async () => {
    dataOf(await api.gql('mutation { createUser(input: {userName: "bulk"}) { user { userId } } }'));
    const data = dataOf(await api.gql(bulk('evaluateAccess', 'EvaluateAccessInput', 50), inputs(50, request)));
    expect(Object.keys(data)).toHaveLength(50);
    expect(data.d49).toEqual({ decision: 'IMPLICIT_DENY' });
  });

  it('refuses 51, also when counted through a fragment', async () => {
    expectRefused(await api.gql(bulk('simulateCustomPolicy', 'SimulateCustomPolicyInput', 51), inputs(51, simulate)), 'aliases');
    const fragment = `fragment Many on Query { ${repeat(26, (i) => `a${i}: account { accountId }`)} }`;
    expectRefused(await api.gql(`query { ...Many ${repeat(25, (i) => `b${i}: account { accountId }`)} } ${fragment}`), 'aliases');
  });
});

describe('directives', () => {
  it('takes 50 and refuses 51, counted through a fragment used twice', async () => {
    const fragment = `fragment D on Query { ${repeat(25, () => '__typename @include(if: true)')} }`;
    dataOf(await api.gql(`query { ...D ...D } ${fragment}`));
    expectRefused(await api.gql(`query { ...D ...D __typename @skip(if: false) } ${fragment}`), 'directives');
  });
});

describe('tokens', () => {
  const countTokens = (query: string) => {
    const lexer = new Lexer(new Source(query));
    let count = 0;
    while (lexer.advance().kind !== TokenKind.EOF) count++;
    return count;
  };
  /** A valid query of exactly `target` tokens: fragments of 9 tokens each, padded with fields. */
  const queryOfTokens = (target: number) => {
    const fragments = Math.floor((target - 2) / 9);
    const pad = target - 2 - fragments * 9;
    const query = `{ ${repeat(fragments, (i) => `...F${i}`)} ${repeat(pad, () => '__typename')} } ${repeat(fragments, (i) => `fragment F${i} on Query { __typename }`)}`;
    expect(countTokens(query)).toBe(target);
    return query;
  };

  it('takes 1000 tokens and refuses 1001', async () => {
    dataOf(await api.gql(queryOfTokens(1000)));
    expectRefused(await api.gql(queryOfTokens(1001)), 'tokens');
  });
});

describe('cost', () => {
  it('refuses a page of 1000 users with a few fields (cost 9500, limit 5000), also through a fragment', async () => {
    expectRefused(await api.gql('{ users(first: 1000) { nodes { userName arn } } }'), 'cost');
    expectRefused(await api.gql('{ ...Big } fragment Big on Query { users(first: 1000) { nodes { userName arn } } }'), 'cost');
  });

  it('takes a page of 100 with the same fields', async () => {
    dataOf(await api.gql('{ users(first: 100) { nodes { userName arn } } }'));
  });
});

describe('introspection', () => {
  it('is on by default and passes every limit (codegen needs it)', async () => {
    const data = dataOf(await api.gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery()));
    expect(data.__schema.types.length).toBeGreaterThan(10);
  });

  it('is refused when turned off, while `__typename` still works', async () => {
    const closed = await startTestApi({ server: { queryLimits: { maxDepth: 6, maxAliases: 50, maxDirectives: 50, maxTokens: 1000, maxCost: 5000, introspection: false } } });
    try {
      const response = await closed.gql('{ __schema { types { name } } }');
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.data ?? undefined).toBeUndefined();
      dataOf(await closed.gql('{ __typename }'));
    } finally {
      await closed.stop();
    }
  });
});

describe('no suggestions', () => {
  it('never says "Did you mean" for a mistyped field, argument, enum value, type or input field', async () => {
    const typos: Array<[string, Record<string, unknown>?]> = [
      ['{ usr(userName: "a") { userName } }'],
      ['{ user(usrName: "a") { userName } }'],
      ['{ user(userName: "a") { usrName } }'],
      ['{ policies(scope: LOCL) { totalCount } }'],
      ['query($s: PolicyScop) { policies(scope: $s) { totalCount } }'],
      ['{ validatePolicy(policyDocument: "{}", policyType: IDENTITY_POLCY) { findings { findingType } } }'],
      ['{ evaluateAccess(input: {principl: "a", action: "b", resource: "c"}) { decision } }'],
      ['query($i: EvaluateAccessInput!) { evaluateAccess(input: $i) { decision } }', { i: { principl: 'a', action: 'b', resource: 'c' } }],
      ['query($s: PolicyScope) { policies(scope: $s) { totalCount } }', { s: 'LOCL' }],
      ['{ entityByArn(arn: "x") { ... on Usr { userName } } }'],
    ];
    for (const [query, variables] of typos) {
      const response = await api.gql(query, variables);
      expect(response.errors?.length, query).toBeGreaterThan(0);
      for (const error of response.errors!) {
        expect(error.message, query).not.toMatch(/did you mean/i);
        expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'], query).toContain(error.extensions?.code);
      }
    }
  });
});

describe('GET', () => {
  const get = (query: string, headers: Record<string, string> = {}) => fetch(`${api.url}?query=${encodeURIComponent(query)}`, { headers: { ...api.authHeaders(), ...headers } });

  it('runs a query with the preflight header, and refuses one without it as possible CSRF', async () => {
    const preflighted = await get('{ __typename }', { 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
    const simple = await get('{ __typename }');
    expect(simple.status).toBe(400);
    const body = (await simple.json()) as GraphqlResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses a mutation with 405 BAD_REQUEST and changes nothing', async () => {
    const response = await get('mutation { createUser(input: {userName: "by-get"}) { user { userId } } }', { 'apollo-require-preflight': 'true' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const body = (await response.json()) as GraphqlResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toMatch(/GET requests only support query operations/);
    expect(await api.gql('{ user(userName: "by-get") { userName } }')).toEqual({ data: { user: null } });
  });
});
