// whoCan and principalPermissions under a page deadline: a page the deadline stops answers what
// it has with `complete: false`, and its cursor continues right after the last item examined,
// so paging on gives the whole answer, nothing lost or repeated. The page budget is set below
// zero here, which stops every page after its first item (no timing involved).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticServiceCatalog } from '../../src/services/catalog/static-catalog.ts';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

const ACTIONS = ['GetObject', 'ListBucket', 'PutObject'];
const CATALOG = new StaticServiceCatalog([
  { prefix: 's3', name: 'Amazon S3', actions: ACTIONS.map((name) => ({ service: 's3', name, accessLevel: 'Read' as const, resourceTypes: [], conditionKeys: [] })) },
  { prefix: 'sqs', name: 'Amazon SQS', actions: [{ service: 'sqs', name: 'SendMessage', accessLevel: 'Write', resourceTypes: [], conditionKeys: [] }] },
]);

let api: TestApi;
let account: string;
beforeAll(async () => {
  api = await startTestApi({ server: { serviceCatalog: CATALOG, permissionsPageBudgetMs: -1 } });
  account = (await api.createAccount()).accountId;
  const users = ['ann', 'ben', 'cat', 'dan'].map((name, i) => `
    ${name}: createUser(input: {userName: "${name}"}) { user { arn } }
    ${name}p: putUserPolicy(input: {userName: "${name}", policyName: "p", policyDocument: {Version: "2012-10-17", Statement: [{Effect: "Allow", Action: "${i === 2 ? 'sqs:*' : 's3:*'}", Resource: "*"}]}}) { user { userName } }`);
  dataOf(await api.gql(`mutation { ${users.join('\n')} }`, {}, { accountId: account }));
});
afterAll(async () => api?.stop());

async function pageAll(field: string, args: string, items: string): Promise<{ pages: any[]; all: string[] }> {
  const pages: any[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const data: Record<string, any> = dataOf(await api.gql(`query($after: String) { ${field}(${args}, after: $after) { ${items} pageInfo { hasNextPage endCursor } complete } }`, { after }, { accountId: account }));
    pages.push(data[field]);
    if (!data[field].pageInfo.hasNextPage) break;
    after = data[field].pageInfo.endCursor;
  }
  return { pages, all: pages.flatMap((p) => (p.principals ?? p.actions).map((x: any) => x.principalArn ?? x.action)) };
}

describe('pages stopped by the deadline', () => {
  it('whoCan: each page stops after one candidate, and paging on finds every principal once', async () => {
    const { pages, all } = await pageAll('whoCan', 'action: "s3:GetObject", resource: "*", first: 100', 'principals { principalArn }');
    expect(all).toEqual(['ann', 'ben', 'dan'].map((name) => `arn:aws:iam::${account}:user/${name}`));
    expect(pages.length).toBe(3);
    expect(pages.map((p) => p.complete)).toEqual([false, false, true]);
  });

  it('principalPermissions: each page stops after one action, and paging on lists every action once', async () => {
    const { pages, all } = await pageAll('principalPermissions', `principal: "arn:aws:iam::${account}:user/ann", first: 100`, 'actions { action access }');
    expect(all).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:SendMessage']);
    expect(pages.slice(0, -1).every((p) => p.complete === false)).toBe(true);
    expect(pages.flatMap((p) => p.actions.map((a: any) => a.access))).toEqual(['ALLOWED', 'ALLOWED', 'ALLOWED', 'NOT_GRANTED']);
  });
});
