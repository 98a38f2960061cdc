// Every root field, driven from the catalog so a new field is covered: anonymous callers get
// UNAUTHENTICATED, an IAM user without policies ACCESS_DENIED with nothing written, and one
// with exactly the field's actions gets past authorization (whatever the field then answers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CATALOGS } from '../../src/authorization/catalog.ts';
import { isOpen } from '../../src/authorization/targets.ts';
import { startTestApi, type TestApi } from '../support/api-harness.ts';
import { allow, iamCaller, putPolicy, tableDigests } from '../support/iam-callers.ts';
import { probes } from '../support/probe-operations.ts';

let api: TestApi;
let token: string;
const site = () => ({ partition: 'aws', accountId: api.accountId, callerArn: `arn:aws:iam::${api.accountId}:user/nobody` });
const guarded = probes().filter(({ root, field }) => !isOpen(ROOT_CATALOGS[root]![field]!));

beforeAll(async () => {
  api = await startTestApi();
  token = await iamCaller(api, 'nobody');
});
afterAll(async () => api?.stop());

describe('every root field', () => {
  it('is UNAUTHENTICATED without a credential, except signIn', async () => {
    for (const { field, query, variables } of probes()) {
      if (field === 'signIn') continue;
      const answer = await api.gql(query, variables, { anonymous: true });
      expect(answer.errors?.[0]?.extensions?.code, field).toBe('UNAUTHENTICATED');
    }
  });

  it('is ACCESS_DENIED, on its own path, to an IAM user without policies, and writes nothing', async () => {
    const before = await tableDigests(api);
    for (const { field, query, variables } of guarded) {
      const answer = await api.gql(query, variables, { token });
      expect(answer.errors?.map((error) => [error.extensions?.code, error.path]), field).toEqual([['ACCESS_DENIED', [field]]]);
    }
    expect(await tableDigests(api)).toEqual(before);
  });

  it('gets past authorization for an IAM user allowed exactly its actions', async () => {
    for (const { root, field, query, variables, args } of guarded) {
      const entry = ROOT_CATALOGS[root]![field]!;
      const actions = isOpen(entry) ? [] : [...new Set(entry.checks(args, site()).map((check) => check.action))];
      await putPolicy(api, 'nobody', allow(actions));
      const answer = await api.gql(query, variables, { token });
      expect(answer.errors?.map((error) => error.extensions?.code) ?? [], `${field} with ${actions.join(', ')}`).not.toContain('ACCESS_DENIED');
    }
  });
});
