// Access requests held to AWS's sizes, field by field, and one HTTP request held to 1000
// decisions however it spreads them over aliases, fragments, batches and variables. A refusal
// names the field (or, for the budget, comes before anything runs) and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { createUser, IDENTITY_DOC } from '../support/fixtures.ts';
import { DEFAULT_QUERY_LIMITS } from '../../src/graphql/query-limits.ts';

let api: TestApi;
let alice: string;
beforeAll(async () => {
  // The decision budget must hold even where an operator raises the GraphQL limits (aliases,
  // tokens, cost) that would otherwise refuse most of these operations first.
  const generous = { ...DEFAULT_QUERY_LIMITS, maxAliases: 2000, maxTokens: 100_000, maxCost: 1_000_000 };
  api = await startTestApi({ server: { queryLimits: generous } });
  alice = `arn:aws:iam::${api.accountId}:user/alice`;
  await createUser(api, 'alice');
});
afterAll(async () => api?.stop());

const EVALUATE = 'query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) { decision } }';
const BATCH = 'query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { decision } error { code field } } }';
const SIMULATE = 'query($input: SimulateCustomPolicyInput!) { simulateCustomPolicy(input: $input) { decision } }';
const long = (prefix: string, length: number) => prefix + 'a'.repeat(length - prefix.length);
const S3 = 'arn:aws:s3:::';

const request = (extra: Record<string, unknown> = {}) => ({ principal: alice, action: 's3:GetObject', resource: `${S3}reports/a`, ...extra });
const context = (entries: number, valuesEach = 1, valueLength = 1) =>
  Array.from({ length: entries }, (_, i) => ({ key: `app:k${i}`, values: Array(valuesEach).fill('v'.repeat(valueLength)) }));

describe('request fields', () => {
  /** [what is changed, how, the field the refusal must name (as in evaluateAccess)] */
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['a principal ARN over 2048 characters', { principal: long(`${alice}/`, 2049) }, 'principal'],
    ['a principal that is not an ARN', { principal: 'alice' }, 'principal'],
    ['a resource ARN over 2048 characters', { resource: long(S3, 2049) }, 'resource'],
    ['a resource that is neither an ARN nor `*`', { resource: 'reports/a' }, 'resource'],
    ['an action over 128 characters', { action: long('s3:', 129) }, 'action'],
    ['an action without a service', { action: 'GetObject' }, 'action'],
    ['an action with a space', { action: 's3:Get Object' }, 'action'],
    ['a resource account that is not 12 digits', { resourceAccount: '1234' }, 'resourceAccount'],
    ['201 context entries', { context: context(201) }, 'context'],
    ['a context value over 2048 characters', { context: [{ key: 'app:k', values: ['ok', 'v'.repeat(2049)] }] }, 'context[0].values[1]'],
    ['1001 context values in all', { context: context(7, 143) }, 'context'],
    ['an empty context key', { context: [{ key: '', values: ['v'] }] }, 'context[0].key'],
  ];

  for (const [what, change, field] of bad) {
    it(`refuses ${what} with BAD_USER_INPUT naming \`${field}\``, async () => {
      expect(firstError(await api.gql(EVALUATE, { input: request(change) })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      // In a batch, the item answers with its own error and the others are decided.
      const inputs = [request(), request(), request(), request(change)];
      const answers = dataOf(await api.gql(BATCH, { inputs })).evaluateAccessBatch;
      expect(answers.slice(0, 3).map((answer: any) => answer.decision?.decision)).toEqual(['IMPLICIT_DENY', 'IMPLICIT_DENY', 'IMPLICIT_DENY']);
      expect(answers[3]).toEqual({ decision: null, error: { code: 'BAD_USER_INPUT', field: `inputs[3].${field}` } });
      // A batch of one still names its item.
      expect(dataOf(await api.gql(BATCH, { inputs: [request(change)] })).evaluateAccessBatch[0].error).toMatchObject({ field: `inputs[0].${field}` });
      const simulation = { identityPolicies: [IDENTITY_DOC], request: request(change) };
      expect(firstError(await api.gql(SIMULATE, { input: simulation })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `request.${field}` });
    });
  }

  it('refuses a simulated session issuer over 2048 characters, or not an ARN', async () => {
    const session = `arn:aws:sts::${api.accountId}:assumed-role/Worker/s1`;
    for (const sessionIssuer of [long(`arn:aws:iam::${api.accountId}:role/`, 2049), 'Worker']) {
      const simulation = { identityPolicies: [IDENTITY_DOC], request: request({ principal: session, sessionIssuer }) };
      expect(firstError(await api.gql(SIMULATE, { input: simulation })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'request.sessionIssuer' });
    }
  });

  it('accepts requests at every limit, and actions with wildcards', async () => {
    const atLimits = request({
      resource: long(S3, 2048),
      action: long('s3:', 128),
      resourceAccount: api.accountId,
      // 200 entries and 1000 values in all; one value of 2048 characters (more would pass 1 MB).
      context: [...context(199, 5), { key: long('app:', 256), values: ['v'.repeat(2048), 'a', 'b', 'c', 'd'] }],
    });
    expect(dataOf(await api.gql(EVALUATE, { input: atLimits })).evaluateAccess.decision).toBe('IMPLICIT_DENY');
    for (const action of ['*', 's3:*', 's3:Get*', 'execute-api:Invoke']) {
      expect(dataOf(await api.gql(EVALUATE, { input: request({ action, resource: '*' }) })).evaluateAccess.decision, action).toBe('IMPLICIT_DENY');
    }
    const simulation = { identityPolicies: [IDENTITY_DOC], request: request({ principal: long('arn:aws:iam::111122223333:user/', 2048) }) };
    expect(dataOf(await api.gql(SIMULATE, { input: simulation })).simulateCustomPolicy.decision).toBe('ALLOWED');
  });
});

describe('at most 1000 decisions per HTTP request', () => {
  const one = () => request();
  const refusedBeforeRunning = async (query: string, variables?: Record<string, unknown>) => {
    let response: GraphqlResponse | undefined;
    // A refusal before evaluation sends no SQL but the one epoch read that checks the credential.
    expect(await api.sqlCount(async () => (response = await api.gql(query, variables)))).toBe(1);
    expect(response!.data ?? null).toBeNull();
    expect(firstError(response!)).toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED' } });
    expect(firstError(response!).message).toMatch(/at most 1000 per request/);
  };

  it('counts batches given by variables across aliases', async () => {
    const query = 'query($a: [EvaluateAccessInput!]!, $b: [EvaluateAccessInput!]!) { a: evaluateAccessBatch(inputs: $a) { decision { decision } } b: evaluateAccessBatch(inputs: $b) { decision { decision } } }';
    const fits = dataOf(await api.gql(query, { a: Array(600).fill(one()), b: Array(400).fill(one()) }));
    expect(fits.a.length + fits.b.length).toBe(1000);
    await refusedBeforeRunning(query, { a: Array(600).fill(one()), b: Array(401).fill(one()) });
  });

  it('counts single fields, literal lists and lists of variables, through fragments', async () => {
    const query = `query($item: EvaluateAccessInput!, $rest: [EvaluateAccessInput!]!, $sim: SimulateCustomPolicyInput!) {
      ...Decisions
      ... on Query { more: evaluateAccessBatch(inputs: [$item, $item]) { decision { decision } } }
      s: simulateCustomPolicy(input: $sim) { decision }
    }
    fragment Decisions on Query { single: evaluateAccess(input: $item) { decision } ...Batch }
    fragment Batch on Query { batch: evaluateAccessBatch(inputs: $rest) { decision { decision } } }`;
    const variables = (rest: number) => ({ item: one(), rest: Array(rest).fill(one()), sim: { identityPolicies: [IDENTITY_DOC], request: request() } });
    // 1 + 2 + 1 + rest
    expect(dataOf(await api.gql(query, variables(996))).batch).toHaveLength(996);
    await refusedBeforeRunning(query, variables(997));
  });

  it('counts aliases of single requests, and a field spread twice under one name once', async () => {
    const aliases = (n: number) => `query($i: EvaluateAccessInput!) { ${Array.from({ length: n }, (_, k) => `a${k}: evaluateAccess(input: $i) { decision }`).join(' ')} }`;
    expect(Object.keys(dataOf(await api.gql(aliases(1000), { i: one() })))).toHaveLength(1000);
    await refusedBeforeRunning(aliases(1001), { i: one() });
    // GraphQL merges fields with one response name: they run once, so they count once.
    const merged = 'query($l: [EvaluateAccessInput!]!) { ...F ...F batch: evaluateAccessBatch(inputs: $l) { decision { decision } } } fragment F on Query { batch: evaluateAccessBatch(inputs: $l) { decision { decision } } }';
    expect(dataOf(await api.gql(merged, { l: Array(1000).fill(one()) })).batch).toHaveLength(1000);
  });

  it('counts a list given as a default value, and a lone item as a list of one', async () => {
    const items = Array.from({ length: 1001 }, () => `{principal: "${alice}", action: "s3:GetObject", resource: "*"}`).join(', ');
    await refusedBeforeRunning(`query($l: [EvaluateAccessInput!]! = [${items}]) { evaluateAccessBatch(inputs: $l) { decision { decision } } }`);
    await refusedBeforeRunning(`query { evaluateAccessBatch(inputs: [${items}]) { decision { decision } } }`);
    // A lone object where a list is expected is a list of one, in a variable or a literal.
    expect(dataOf(await api.gql(BATCH, { inputs: one() })).evaluateAccessBatch).toHaveLength(1);
    const literal = `query { evaluateAccessBatch(inputs: {principal: "${alice}", action: "s3:GetObject", resource: "*"}) { decision { decision } } }`;
    expect(dataOf(await api.gql(literal)).evaluateAccessBatch).toHaveLength(1);
  });
});

describe('policy ARNs that are not ARNs', () => {
  const arnOf = (name: string) => `arn:aws:iam::${api.accountId}:policy/${name}`;
  // Not an ARN; a user's ARN (of the caller's account: another account's is ACCESS_DENIED first);
  // an account id that is not 12 digits.
  const malformed = () => ['nope', `arn:aws:iam::${api.accountId}:user/alice`, 'arn:aws:iam::12:policy/x'];

  it('are BAD_USER_INPUT naming policyArn everywhere one is taken, and change nothing', async () => {
    dataOf(await api.gql('mutation($doc: JSON!) { createPolicy(input: {policyName: "Real", policyDocument: $doc}) { policy { arn } } }', { doc: IDENTITY_DOC }));
    const before = await Promise.all([api.prisma.policy.findMany(), api.prisma.policyVersion.count(), api.prisma.policyAttachment.count(), api.prisma.tag.count()]);
    const operations = [
      'query($arn: String!) { policy(policyArn: $arn) { arn } }',
      'mutation($arn: String!) { deletePolicy(input: {policyArn: $arn}) { __typename } }',
      'mutation($arn: String!, $doc: JSON!) { createPolicyVersion(input: {policyArn: $arn, policyDocument: $doc}) { __typename } }',
      'mutation($arn: String!) { setDefaultPolicyVersion(input: {policyArn: $arn, versionId: "v1"}) { __typename } }',
      'mutation($arn: String!) { deletePolicyVersion(input: {policyArn: $arn, versionId: "v1"}) { __typename } }',
      'mutation($arn: String!) { attachUserPolicy(input: {userName: "alice", policyArn: $arn}) { __typename } }',
      'mutation($arn: String!) { detachUserPolicy(input: {userName: "alice", policyArn: $arn}) { __typename } }',
      'mutation($arn: String!) { tagPolicy(input: {policyArn: $arn, tags: [{key: "k", value: "v"}]}) { __typename } }',
      'mutation($arn: String!) { untagPolicy(input: {policyArn: $arn, tagKeys: ["k"]}) { __typename } }',
    ];
    for (const operation of operations) {
      for (const arn of [...malformed(), long(`${arnOf('x')}`, 2049)]) {
        const refused = firstError(await api.gql(operation, { arn, doc: IDENTITY_DOC }));
        expect(refused.extensions, `${operation} ${arn.slice(0, 40)}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyArn' });
      }
      // A well-formed ARN of a policy that does not exist: the lookup answers null, a mutation NO_SUCH_ENTITY.
      const missing = await api.gql(operation, { arn: arnOf('Missing'), doc: IDENTITY_DOC });
      if (operation.startsWith('query')) expect(missing).toEqual({ data: { policy: null } });
      else expect(errorCodeOf(missing), operation).toBe('NO_SUCH_ENTITY');
    }
    expect(await Promise.all([api.prisma.policy.findMany(), api.prisma.policyVersion.count(), api.prisma.policyAttachment.count(), api.prisma.tag.count()])).toEqual(before);
  });

  it('as permissions boundaries are BAD_USER_INPUT naming permissionsBoundary, over 2048 characters too', async () => {
    const users = await api.prisma.user.count();
    const create = 'mutation($b: String) { createUser(input: {userName: "bounded", permissionsBoundary: $b}) { __typename } }';
    const put = 'mutation($b: String!) { putUserPermissionsBoundary(input: {userName: "alice", permissionsBoundary: $b}) { __typename } }';
    for (const b of ['nope', long(`${arnOf('x')}`, 2049)]) {
      expect(firstError(await api.gql(create, { b })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'permissionsBoundary' });
      expect(firstError(await api.gql(put, { b })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'permissionsBoundary' });
    }
    expect(await api.prisma.user.count()).toBe(users);
    expect((await api.prisma.user.findFirst({ where: { name: 'alice' } }))?.permissionsBoundaryId).toBeNull();
  });
});
