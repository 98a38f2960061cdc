// What an audit record says a mutation changed: its targets as the mutation's transaction found
// them and as it left them, so that "what did this call change?" needs no second query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
let accountId: string;
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

beforeAll(async () => {
  api = await startTestApi();
  ({ accountId } = await api.createAccount());
});
afterAll(async () => api?.stop());

const as = () => ({ accountId });
async function lastChanges(action: string): Promise<any> {
  const page = dataOf(await api.gql('query($a: String) { auditEvents(filter: {action: $a}, first: 1) { nodes { outcome changes } } }', { a: action }, as())).auditEvents;
  return page.nodes[0];
}

describe('the changes of a mutation’s record', () => {
  it('hold the user before and after: created from nothing, retagged, deleted to nothing', async () => {
    dataOf(await api.gql('mutation { createUser(input: {userName: "carol", path: "/ops/", tags: [{key: "team", value: "a"}]}) { __typename } }', {}, as()));
    const arn = `arn:aws:iam::${accountId}:user/carol`;
    const created = await lastChanges('CreateUser');
    expect(created.changes.before).toEqual({ [arn]: null });
    expect(created.changes.after[arn]).toMatchObject({ userName: 'carol', path: '/ops/', tags: { team: 'a' }, groups: [], attachedPolicies: [] });

    dataOf(await api.gql('mutation { tagUser(input: {userName: "carol", tags: [{key: "team", value: "b"}]}) { __typename } }', {}, as()));
    const retagged = await lastChanges('TagUser');
    expect([retagged.changes.before[arn].tags, retagged.changes.after[arn].tags]).toEqual([{ team: 'a' }, { team: 'b' }]);

    dataOf(await api.gql('mutation { deleteUser(input: {userName: "carol"}) { __typename } }', {}, as()));
    const deleted = await lastChanges('DeleteUser');
    expect(deleted.changes.before[arn]).toMatchObject({ userName: 'carol', tags: { team: 'b' } });
    expect(deleted.changes.after).toEqual({ [arn]: null });
  });

  it('hold an inline policy’s document before and after it was replaced, and the attachment of a managed policy', async () => {
    dataOf(await api.gql('mutation { createGroup(input: {groupName: "readers"}) { __typename } }', {}, as()));
    const put = (document: unknown) =>
      api.gql('mutation($d: JSON!) { putGroupPolicy(input: {groupName: "readers", policyName: "read", policyDocument: $d}) { __typename } }', { d: document }, as());
    dataOf(await put(DOC));
    const wider = { ...DOC, Statement: [{ ...DOC.Statement[0], Action: 's3:*' }] };
    dataOf(await put(wider));
    const arn = `arn:aws:iam::${accountId}:group/readers`;
    const replaced = await lastChanges('PutGroupPolicy');
    expect(JSON.parse(replaced.changes.before[arn].inlinePolicies.read)).toEqual(DOC);
    expect(JSON.parse(replaced.changes.after[arn].inlinePolicies.read)).toEqual(wider);

    const policyArn = `arn:aws:iam::${accountId}:policy/managed`;
    dataOf(await api.gql('mutation($d: JSON!) { createPolicy(input: {policyName: "managed", policyDocument: $d}) { __typename } }', { d: DOC }, as()));
    dataOf(await api.gql(`mutation { attachGroupPolicy(input: {groupName: "readers", policyArn: "${policyArn}"}) { __typename } }`, {}, as()));
    const attached = await lastChanges('AttachGroupPolicy');
    expect([attached.changes.before[arn].attachedPolicies, attached.changes.after[arn].attachedPolicies]).toEqual([[], [policyArn]]);
    expect([attached.changes.before[policyArn].attachmentCount, attached.changes.after[policyArn].attachmentCount]).toEqual([0, 1]);
  });

  it('hold no state for a mutation that failed: nothing changed', async () => {
    expect(errorCodeOf(await api.gql('mutation { deleteUser(input: {userName: "nobody-here"}) { __typename } }', {}, as()))).toBe('NO_SUCH_ENTITY');
    const failed = await lastChanges('DeleteUser');
    expect(failed.outcome).toBe('NO_SUCH_ENTITY');
    expect(failed.changes).not.toHaveProperty('before');
    expect(failed.changes).not.toHaveProperty('after');
  });
});
