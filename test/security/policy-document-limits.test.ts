// Documents exactly as AWS accepts them, in every form they can arrive in (a JSON string, a JSON
// variable, a GraphQL literal): IAM's character set, no repeated key, no nesting deeper than a
// policy needs. Refused with a clear code, every time, and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { pathOf } from '../support/findings.ts';
import { createRole, createUser } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await createUser(api, 'alice');
  await createRole(api, 'worker');
});
afterAll(async () => api?.stop());

const USER = 'arn:aws:iam::111122223333:user/alice';
const CREATE = 'mutation($doc: JSON!) { createPolicy(input: {policyName: "P", policyDocument: $doc}) { policy { arn } } }';
const PUT_INLINE = 'mutation($doc: JSON!) { putUserPolicy(input: {userName: "alice", policyName: "I", policyDocument: $doc}) { __typename } }';
const TRUST = 'mutation($doc: JSON!) { updateAssumeRolePolicy(input: {roleName: "worker", policyDocument: $doc}) { __typename } }';
const VALIDATE = 'query($doc: JSON!) { validatePolicy(policyDocument: $doc, policyType: IDENTITY_POLICY) { findings { findingType issueCode findingDetails locations { path { index value } } } } }';
const SIMULATE = `query($doc: JSON!) { simulateCustomPolicy(input: {identityPolicies: [$doc], request: {principal: "${USER}", action: "s3:GetObject", resource: "*"}}) { decision } }`;

const statement = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });
const doc = (extra: Record<string, unknown> = {}) => ({ Version: '2012-10-17', Statement: [statement(extra)] });
const nested = (depth: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Posts a request body exactly as written, so repeated keys and deep nesting reach the server. */
async function postRaw(body: string): Promise<{ status: number; json: GraphqlResponse }> {
  const response = await fetch(api.url, { method: 'POST', headers: { ...api.authHeaders(), 'content-type': 'application/json' }, body });
  return { status: response.status, json: (await response.json()) as GraphqlResponse };
}

/** Everything a refused write could have left behind. */
async function snapshot() {
  const { prisma } = api;
  const [policies, versions, inline, roles] = await Promise.all([
    prisma.policy.count(),
    prisma.policyVersion.count(),
    prisma.inlinePolicy.findMany({ select: { name: true, document: true } }),
    prisma.role.findMany({ select: { name: true, assumeRolePolicyDocument: true } }),
  ]);
  return { policies, versions, inline, roles };
}

/** Runs the writes, each of which must fail with `code`, and checks the database did not change. */
async function expectRefusedWrites(code: string, writes: Array<[string, unknown]>) {
  const before = await snapshot();
  for (const [mutation, document] of writes) expect(errorCodeOf(await api.gql(mutation, { doc: document })), mutation).toBe(code);
  expect(await snapshot()).toEqual(before);
}

async function findingsOf(document: unknown) {
  return dataOf(await api.gql(VALIDATE, { doc: document })).validatePolicy.findings as Array<{ issueCode: string; findingDetails: string; locations: Array<{ path: Array<{ index: number | null; value: string | null }> }> }>;
}

describe('characters: tab, line feed, carriage return and U+0020 to U+00FF', () => {
  it('accepts Latin-1 text and refuses anything beyond it, as text or as an object, naming where', async () => {
    expect(dataOf(await api.gql(VALIDATE, { doc: doc({ Resource: 'arn:aws:s3:::caf\u00e9/\u00ff' }) })).validatePolicy.findings).toEqual([]);
    const text = `{"Version": "2012-10-17",\n "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b\u0100"}]}`;
    const [byText] = await findingsOf(text);
    expect(byText).toMatchObject({ issueCode: 'INVALID_CHARACTER' });
    expect(byText!.findingDetails).toContain('U+0100 at line 2, column 89');
    const [byObject] = await findingsOf(doc({ Sid: 'smile\u{1F600}' }));
    expect(byObject).toMatchObject({ issueCode: 'INVALID_CHARACTER', locations: [{ path: pathOf('Statement', 0, 'Sid') }] });
    expect(byObject!.findingDetails).toContain('U+1F600');
    const [inKey] = await findingsOf({ Version: '2012-10-17', Statement: [{ ...statement(), ['Condition\u2028']: {} }] });
    expect(inKey).toMatchObject({ issueCode: 'INVALID_CHARACTER', locations: [{ path: pathOf('Statement', 0, 'Condition\u2028') }] });
  });

  it('sees through escapes: `\\u0100` in text is the character it stands for', async () => {
    const [finding] = await findingsOf('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"\\u0100"}]}');
    expect(finding).toMatchObject({ issueCode: 'INVALID_CHARACTER', locations: [{ path: pathOf('Statement', 0, 'Resource') }] });
  });

  it('refuses such documents everywhere with MALFORMED_POLICY_DOCUMENT and stores nothing', async () => {
    const bad = doc({ Sid: 'S\u0394' });
    await expectRefusedWrites('MALFORMED_POLICY_DOCUMENT', [[CREATE, bad], [CREATE, JSON.stringify(bad)], [PUT_INLINE, bad], [TRUST, JSON.stringify(bad)]]);
    const refused = firstError(await api.gql(SIMULATE, { doc: bad }));
    expect(refused.extensions).toMatchObject({ code: 'MALFORMED_POLICY_DOCUMENT', field: 'identityPolicies[0]', findings: [{ issueCode: 'INVALID_CHARACTER' }] });
  });
});

describe('a key repeated in one object', () => {
  const withRepeat = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Effect":"Allow"}]}';

  it('is refused in a document given as text, at any depth, naming the key and where it is', async () => {
    const [finding] = await findingsOf(withRepeat);
    expect(finding).toMatchObject({ issueCode: 'DUPLICATE_KEY', locations: [{ path: pathOf('Statement', 0, 'Effect') }] });
    expect(finding!.findingDetails).toBe('duplicate key `Effect` at line 1, column 94');
    expect((await findingsOf('{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}'))[0]?.issueCode).toBe('DUPLICATE_KEY');
    await expectRefusedWrites('MALFORMED_POLICY_DOCUMENT', [[CREATE, withRepeat], [PUT_INLINE, withRepeat], [TRUST, withRepeat]]);
    expect(errorCodeOf(await api.gql(SIMULATE, { doc: withRepeat }))).toBe('MALFORMED_POLICY_DOCUMENT');
  });

  it('is refused in a JSON variable: the request body is read strictly, 400 BAD_REQUEST', async () => {
    const before = await snapshot();
    const body = `{"query": ${JSON.stringify(CREATE)}, "variables": {"doc": ${withRepeat}}}`;
    const { status, json } = await postRaw(body);
    expect(status).toBe(400);
    expect(json.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(json.errors?.[0]?.message).toContain('duplicate key `Effect`');
    // ... and in the variables of a GET request, which Apollo reads itself.
    const url = new URL(api.url);
    url.searchParams.set('query', VALIDATE);
    url.searchParams.set('variables', `{"doc": ${withRepeat}}`);
    const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as GraphqlResponse).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });

  it('is refused in a GraphQL literal, which GraphQL itself will not read twice', async () => {
    const literal = 'mutation { createPolicy(input: {policyName: "L", policyDocument: {Version: "2012-10-17", Statement: [{Effect: "Deny", Action: "s3:*", Resource: "*", Effect: "Allow"}]}}) { policy { arn } } }';
    const before = await snapshot();
    expect(errorCodeOf(await api.gql(literal))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await snapshot()).toEqual(before);
  });
});

describe('nesting deeper than 32 levels', () => {
  const deepDoc = (depth: number) => doc({ Condition: { StringEquals: { 'aws:username': nested(depth - 5) } } });

  it('is a NESTING_TOO_DEEP finding in validatePolicy, as text or object; 32 levels is not', async () => {
    const codes = async (document: unknown) => (await findingsOf(document)).map((f) => f.issueCode);
    expect(await codes(deepDoc(32))).not.toContain('NESTING_TOO_DEEP');
    expect(await codes(deepDoc(33))).toEqual(['NESTING_TOO_DEEP']);
    expect(await codes(JSON.stringify(deepDoc(33)))).toEqual(['NESTING_TOO_DEEP']);
    // A hundred thousand levels in a string: refused at level 33, not read to the end.
    const huge = `{"Statement": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const [finding] = await findingsOf(huge);
    expect(finding).toMatchObject({ issueCode: 'NESTING_TOO_DEEP' });
    expect(finding!.findingDetails).toBe('nesting deeper than 32 levels at line 1, column 46');
  });

  it('is MALFORMED_POLICY_DOCUMENT in a document given as text, and stores nothing', async () => {
    const text = JSON.stringify(deepDoc(40));
    await expectRefusedWrites('MALFORMED_POLICY_DOCUMENT', [[CREATE, text], [PUT_INLINE, text], [TRUST, text]]);
    expect(firstError(await api.gql(SIMULATE, { doc: text })).extensions?.findings).toMatchObject([{ issueCode: 'NESTING_TOO_DEEP' }]);
  });

  it('is BAD_USER_INPUT naming the argument in a JSON value, given as a variable or a literal', async () => {
    const before = await snapshot();
    const refusal = async (query: string, variables?: Record<string, unknown>) => firstError(await api.gql(query, variables)).extensions;
    expect(await refusal(CREATE, { doc: deepDoc(40) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyDocument' });
    expect(await refusal(PUT_INLINE, { doc: deepDoc(40) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyDocument' });
    expect(await refusal(TRUST, { doc: deepDoc(40) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyDocument' });
    expect(await refusal(SIMULATE, { doc: deepDoc(40) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'identityPolicies[0]' });
    const evaluate = `query($doc: JSON) { evaluateAccess(input: {principal: "arn:aws:iam::${api.accountId}:user/alice", action: "s3:GetObject", resource: "*", resourcePolicy: $doc}) { decision } }`;
    expect(await refusal(evaluate, { doc: deepDoc(40) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resourcePolicy' });
    const literal = `mutation { createPolicy(input: {policyName: "L", policyDocument: {Version: "2012-10-17", Statement: ${'['.repeat(40)}${']'.repeat(40)}}}) { policy { arn } } }`;
    expect(await refusal(literal)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyDocument' });
    expect(await snapshot()).toEqual(before);
  });

  it('is refused before GraphQL when the request body itself nests a hundred thousand levels', async () => {
    const before = await snapshot();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const query of [CREATE, SIMULATE, VALIDATE]) {
      const { status, json } = await postRaw(`{"query": ${JSON.stringify(query)}, "variables": {"doc": {"Version": "2012-10-17", "Statement": ${deep}}}}`);
      expect(status, query).toBe(400);
      expect(json.errors?.[0]?.extensions?.code, query).toBe('BAD_REQUEST');
      expect(json.errors?.[0]?.message, query).toContain('nesting deeper than 64 levels');
    }
    const { status, json } = await postRaw(deep);
    expect([status, json.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await snapshot()).toEqual(before);
  });

  it('never comes back as an internal error from a deep literal', async () => {
    const { status, json } = await postRaw(JSON.stringify({ query: `{ validatePolicy(policyDocument: ${'['.repeat(100_000)}${']'.repeat(100_000)}, policyType: IDENTITY_POLICY) { findings { issueCode } } }` }));
    expect(status).toBe(400);
    expect(json.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });
});
