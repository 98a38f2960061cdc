// evaluateAccessBatch answers each request on its own: a request that cannot be decided carries
// its own error (the one evaluateAccess would raise for it), and the others are decided all the
// same, in order, against one consistent state and at the cost of a batch without the bad ones.
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEM_ERROR_CODES } from '../../src/services/access/item-error.ts';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createPolicy, createUser } from '../support/fixtures.ts';

let api: TestApi;
let alice: string;
let otherAccountsAlice: string;

const BATCH = `query($inputs: [EvaluateAccessInput!]!, $explain: Boolean) { evaluateAccessBatch(inputs: $inputs, explain: $explain) {
  decision { decision matchedStatements { policyId } trace { matched } }
  error { code message field findings { issueCode } }
} }`;
const EVALUATE = 'query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) { decision } }';

interface Result {
  decision: { decision: string; matchedStatements: Array<{ policyId: string }>; trace: Array<{ matched: boolean }> | null } | null;
  error: { code: string; message: string; field: string | null; findings: Array<{ issueCode: string }> } | null;
}

async function batch(inputs: unknown[], explain = false): Promise<Result[]> {
  return dataOf(await api.gql(BATCH, { inputs, explain })).evaluateAccessBatch as Result[];
}

const read = (principal: string, object = 'q1.csv') => ({ principal, action: 's3:GetObject', resource: `arn:aws:s3:::reports/${object}` });
const MISSING_PRINCIPAL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

beforeAll(async () => {
  api = await startTestApi();
  alice = await createUser(api, 'alice');
  const readReports = await createPolicy(api, 'ReadReports', {
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] },
  });
  dataOf(await api.gql(`mutation($arn: String!) { attachUserPolicy(input: {userName: "alice", policyArn: $arn}) { user { userName } } }`, { arn: readReports }));
  // A second account with its own alice: her ARN names a real user, of an account the caller is not in.
  const other = (await api.createAccount()).accountId;
  otherAccountsAlice = dataOf(await api.gql(`mutation { createUser(input: {userName: "alice"}) { user { arn } } }`, {}, { accountId: other })).createUser.user.arn;
});
afterAll(async () => api?.stop());

describe('evaluateAccessBatch, item by item', () => {
  it('decides the good requests and gives each bad one its own error, in order', async () => {
    const nobody = `arn:aws:iam::${api.accountId}:user/nobody`;
    const results = await batch([
      read(alice),
      read(nobody),
      read(otherAccountsAlice),
      { ...read(alice), action: 'GetObject' },
      { ...read(alice), resourcePolicy: MISSING_PRINCIPAL },
      { ...read(alice), context: [{ key: '', values: ['v'] }] },
      read(alice, 'q2.csv'),
      { ...read(alice), action: 's3:PutObject' },
    ]);
    expect(results.map((result) => result.decision?.decision ?? result.error!.code)).toEqual([
      'ALLOWED',
      'NO_SUCH_ENTITY',
      'NO_SUCH_ENTITY',
      'BAD_USER_INPUT',
      'MALFORMED_POLICY_DOCUMENT',
      'BAD_USER_INPUT',
      'ALLOWED',
      'IMPLICIT_DENY',
    ]);
    for (const result of results) expect(result.decision === null).not.toBe(result.error === null);
    expect(results[0]!.decision!.matchedStatements).toEqual([{ policyId: `arn:aws:iam::${api.accountId}:policy/ReadReports` }]);
    expect(results[1]!.error).toEqual({ code: 'NO_SUCH_ENTITY', message: `principal \`${nobody}\` does not exist`, field: 'inputs[1].principal', findings: [] });
    expect(results[2]!.error).toMatchObject({ code: 'NO_SUCH_ENTITY', field: 'inputs[2].principal' });
    expect(results[3]!.error).toEqual({
      code: 'BAD_USER_INPUT',
      message: '`inputs[3].action`: `GetObject` is not an action such as `s3:GetObject`',
      field: 'inputs[3].action',
      findings: [],
    });
    expect(results[4]!.error).toMatchObject({ code: 'MALFORMED_POLICY_DOCUMENT', field: 'inputs[4].resourcePolicy' });
    expect(results[4]!.error!.message).toMatch(/^`inputs\[4\]\.resourcePolicy`: /);
    expect(results[4]!.error!.findings).toContainEqual({ issueCode: 'MISSING_PRINCIPAL' });
    expect(results[5]!.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[5].context[0].key' });
  });

  // A principal of another account is the one exception: alone, evaluateAccess is refused whole
  // (ACCESS_DENIED: nobody simulates another account's principals); in a batch that item is
  // NO_SUCH_ENTITY on its own, which says no more, and the other items still answer.
  it('gives the error a single evaluateAccess would raise, with the field named in the batch', async () => {
    const cases = [read(`arn:aws:iam::${api.accountId}:user/nobody`), { ...read(alice), resourceAccount: '12' }];
    const results = await batch(cases);
    for (const [index, input] of cases.entries()) {
      const single = await api.gql(EVALUATE, { input });
      expect(results[index]!.error!.code).toBe(errorCodeOf(single));
      expect(results[index]!.error!.message).toBe(single.errors![0]!.message.replace('`resourceAccount`', `\`inputs[${index}].resourceAccount\``));
    }
  });

  it('explains every decided request when asked, around the failed ones', async () => {
    const results = await batch([read(otherAccountsAlice), read(alice), { ...read(alice), action: '' }], true);
    expect(results[0]!.error!.code).toBe('NO_SUCH_ENTITY');
    expect(results[1]!.decision!.trace).toContainEqual({ matched: true });
    expect(results[2]!.error!.field).toBe('inputs[2].action');
  });

  it('answers a batch of nothing but errors without reading the policy state (only the epoch read that checks the credential)', async () => {
    let results: Result[] = [];
    const statements = await api.sqlCount(async () => (results = await batch([{ ...read(alice), action: 'nope' }, { ...read(alice), resource: 'reports' }])));
    expect(results.map((result) => result.error!.field)).toEqual(['inputs[0].action', 'inputs[1].resource']);
    expect(statements).toBe(1);
  });

  it('costs what the good requests cost: one SQL statement when warm, failed requests included', async () => {
    await batch([read(alice)]);
    const mixed = [read(alice), { ...read(alice), action: 'nope' }, read(otherAccountsAlice), { ...read(alice), resourcePolicy: MISSING_PRINCIPAL }, read(alice, 'b')];
    expect(await api.sqlCount(() => batch(mixed))).toBe(1);
    // an unknown principal of the caller's account is looked for once, however often it is named
    const nobody = read(`arn:aws:iam::${api.accountId}:user/nobody`);
    expect(await api.sqlCount(() => batch([nobody, read(alice), nobody]))).toBe(2);
  });

  it('still refuses the whole operation for what no one request owns', async () => {
    expect(errorCodeOf(await api.gql(BATCH, { inputs: Array(1001).fill(read(alice)) }))).toBe('LIMIT_EXCEEDED');
    // GraphQL itself refuses a variable that does not fit EvaluateAccessInput, before any field runs
    const unfit = await api.gql(BATCH, { inputs: [read(alice), { principal: alice, resource: '*' }] });
    expect(errorCodeOf(unfit)).toBe('BAD_USER_INPUT');
    expect(unfit.data ?? null).toBeNull();
  });
});

it('documents in the schema exactly the codes one request of a batch can carry', () => {
  const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
  const codes = (schema.getType('EvaluationErrorCode') as GraphQLEnumType).getValues().map((value) => value.name);
  expect(codes.sort()).toEqual([...ITEM_ERROR_CODES].sort());
});
