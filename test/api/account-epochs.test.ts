// The policy epoch is one per account: every write to what evaluateAccess reads bumps its own
// account's, never another's, so one account's writes neither invalidate nor queue behind
// another account's cached principals and writes.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let db: pg.Client;
let other: string;

const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

async function epochOf(accountId: string): Promise<bigint> {
  const { rows } = await db.query<{ value: string }>('SELECT "value" FROM "AccountPolicyEpoch" WHERE "accountId" = $1', [accountId]);
  return BigInt(rows[0]?.value ?? 0);
}

beforeAll(async () => {
  api = await startTestApi();
  db = new pg.Client({ connectionString: api.database.url });
  await db.connect();
  other = (await api.createAccount()).accountId;
  // the other account has written, so it has an epoch a stray write could move
  dataOf(await api.gql('mutation { createUser(input: {userName: "reader"}) { __typename } }', {}, { accountId: other }));
});
afterAll(async () => {
  await db?.end();
  await api?.stop();
});

describe('the policy epoch of an account', () => {
  it('moves with every kind of write in the account, and in no other', async () => {
    const policyArn = `arn:aws:iam::${api.accountId}:policy/epochs`;
    const writes: Record<string, string> = {
      user: 'mutation { createUser(input: {userName: "epochs"}) { __typename } }',
      group: 'mutation { createGroup(input: {groupName: "epochs"}) { __typename } }',
      membership: 'mutation { addUserToGroup(input: {groupName: "epochs", userName: "epochs"}) { __typename } }',
      role: `mutation { createRole(input: {roleName: "epochs", assumeRolePolicyDocument: ${JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: api.accountId }, Action: 'sts:AssumeRole' }] }))}}) { __typename } }`,
      policy: `mutation { createPolicy(input: {policyName: "epochs", policyDocument: ${JSON.stringify(JSON.stringify(DOC))}}) { __typename } }`,
      version: `mutation { createPolicyVersion(input: {policyArn: "${policyArn}", policyDocument: ${JSON.stringify(JSON.stringify(DOC))}}) { __typename } }`,
      attachment: `mutation { attachUserPolicy(input: {userName: "epochs", policyArn: "${policyArn}"}) { __typename } }`,
      inline: `mutation { putGroupPolicy(input: {groupName: "epochs", policyName: "inline", policyDocument: ${JSON.stringify(JSON.stringify(DOC))}}) { __typename } }`,
      tag: 'mutation { tagUser(input: {userName: "epochs", tags: [{key: "team", value: "a"}]}) { __typename } }',
      'membership removed': 'mutation { removeUserFromGroup(input: {groupName: "epochs", userName: "epochs"}) { __typename } }',
      'user deleted with its children': 'mutation { detachUserPolicy(input: {userName: "epochs", policyArn: "' + policyArn + '"}) { __typename } deleteUser(input: {userName: "epochs"}) { __typename } }',
    };
    for (const [kind, mutation] of Object.entries(writes)) {
      const [mine, theirs] = [await epochOf(api.accountId), await epochOf(other)];
      dataOf(await api.gql(mutation));
      expect(await epochOf(api.accountId), kind).toBeGreaterThan(mine);
      expect(await epochOf(other), kind).toBe(theirs);
    }
  });

  it("leaves another account's cached principal warm: its evaluateAccess still costs one statement", async () => {
    const evaluate = () =>
      api.gql(
        'query($p: String!) { evaluateAccess(input: {principal: $p, action: "s3:GetObject", resource: "*"}) { decision } }',
        { p: `arn:aws:iam::${other}:user/reader` },
        { accountId: other },
      );
    dataOf(await evaluate());
    dataOf(await evaluate());
    dataOf(await api.gql('mutation { createUser(input: {userName: "elsewhere"}) { __typename } }'));
    expect(await api.sqlCount(async () => dataOf(await evaluate()))).toBe(1);
  });

  it("lets a write go on while another account's write holds its epoch", async () => {
    dataOf(await api.gql('mutation { createUser(input: {userName: "held"}) { __typename } }'));
    const holder = new pg.Client({ connectionString: api.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // Any row of the account fires its trigger, which holds the account's epoch row until commit.
      await holder.query('UPDATE "User" SET "path" = "path" WHERE "accountId" = $1', [api.accountId]);
      const answer = await api.gql('mutation { createUser(input: {userName: "unblocked"}) { user { userName } } }', {}, { accountId: other });
      expect(dataOf(answer).createUser.user.userName).toBe('unblocked');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });
});
