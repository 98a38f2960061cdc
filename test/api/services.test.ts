// The service catalog through the API: AWS's services built in, an account's own registered with
// putService, replaced, listed with cursors, found by id, deleted; bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const PUT = `mutation($input: PutServiceInput!) { putService(input: $input) {
  service { id servicePrefix serviceName builtIn overridesBuiltIn actionCount createDate updateDate
    actions { name action accessLevel resourceTypes { name required arnFormats } conditionKeys }
    resourceTypes { name arnFormats conditionKeys } conditionKeys { name type } } } }`;
const DELETE = `mutation($input: DeleteServiceInput!) { deleteService(input: $input) { servicePrefix builtInRestored } }`;
const GET = `query($p: String!) { service(servicePrefix: $p) { id servicePrefix serviceName builtIn overridesBuiltIn actionCount
  actions { name action accessLevel resourceTypes { name required arnFormats } conditionKeys } conditionKeys { name type } } }`;
const LIST = `query($first: Int, $after: String, $builtIn: Boolean) { services(first: $first, after: $after, builtIn: $builtIn) {
  totalCount nodes { servicePrefix builtIn actionCount } pageInfo { hasNextPage endCursor } } }`;

/** A service of three actions; its condition keys carry its own prefix. */
const reports = (overrides: Record<string, unknown> = {}) => {
  const prefix = (overrides['servicePrefix'] as string | undefined) ?? 'reports';
  return {
    servicePrefix: prefix,
    serviceName: 'Acme Reports',
    resourceTypes: [{ name: 'report', arnFormat: `arn:\${Partition}:${prefix}:\${Region}:\${Account}:report/\${ReportId}`, conditionKeys: [`${prefix}:Team`] }],
    conditionKeys: [{ name: `${prefix}:Team`, type: 'STRING' }, { name: `${prefix}:Pages`, type: 'NUMERIC' }],
    actions: [
      { name: 'ListReports', accessLevel: 'LIST' },
      { name: 'GetReport', accessLevel: 'READ', resourceTypes: [{ name: 'report', required: true }], conditionKeys: [`${prefix}:Pages`, 'aws:ResourceTag/${TagKey}'] },
      { name: 'ShareReport', accessLevel: 'PERMISSIONS_MANAGEMENT', resourceTypes: [{ name: 'report' }] },
    ],
    ...overrides,
  };
};

async function registeredCount(): Promise<number> {
  return api.prisma.service.count();
}

describe('built-in services', () => {
  it('knows AWS services with their actions, access levels, resource types and key types', async () => {
    const { service } = dataOf(await api.gql(GET, { p: 's3' }));
    expect(service).toMatchObject({ servicePrefix: 's3', serviceName: 'Amazon S3', builtIn: true, overridesBuiltIn: false });
    const getObject = service.actions.find((a: { name: string }) => a.name === 'GetObject');
    expect(getObject).toMatchObject({ action: 's3:GetObject', accessLevel: 'READ' });
    expect(getObject.resourceTypes.map((r: { name: string }) => r.name)).toContain('object');
    expect(getObject.resourceTypes.find((r: { name: string }) => r.name === 'object').arnFormats).toEqual(['arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
    expect(service.actionCount).toBe(service.actions.length);
    const names = service.actions.map((a: { name: string }) => a.name);
    expect(names).toEqual([...names].sort());
    expect(service.conditionKeys).toContainEqual({ name: 'aws:TagKeys', type: 'STRING_LIST' });
  });

  it('has AWS iam and sts, with permissions-management and tagging levels', async () => {
    const { service: iam } = dataOf(await api.gql(GET, { p: 'IAM' }));
    const level = (name: string) => iam.actions.find((a: { name: string }) => a.name === name).accessLevel;
    expect([level('AttachUserPolicy'), level('TagRole'), level('ListUsers'), level('GetUser'), level('CreateUser')]).toEqual([
      'PERMISSIONS_MANAGEMENT', 'TAGGING', 'LIST', 'READ', 'WRITE',
    ]);
    const { service: sts } = dataOf(await api.gql(GET, { p: 'sts' }));
    expect(sts.actions.map((a: { name: string }) => a.name)).toContain('AssumeRole');
  });

  it('answers null for an unknown prefix, even an absurd one', async () => {
    expect(dataOf(await api.gql(GET, { p: 'no-such-service' })).service).toBeNull();
    expect(dataOf(await api.gql(GET, { p: 'x'.repeat(5000) })).service).toBeNull();
  });

  it('cannot be deleted', async () => {
    const response = await api.gql(DELETE, { input: { servicePrefix: 's3' } });
    expect(errorCodeOf(response)).toBe('NO_SUCH_ENTITY');
    expect(firstError(response).message).toContain("it is AWS's");
  });
});

describe('putService', () => {
  it('registers a service that policies and the catalog then know', async () => {
    const { putService } = dataOf(await api.gql(PUT, { input: reports() }));
    expect(putService.service).toMatchObject({ servicePrefix: 'reports', serviceName: 'Acme Reports', builtIn: false, overridesBuiltIn: false, actionCount: 3 });
    expect(putService.service.actions.map((a: { action: string }) => a.action)).toEqual(['reports:GetReport', 'reports:ListReports', 'reports:ShareReport']);
    expect(putService.service.actions[0]).toMatchObject({
      accessLevel: 'READ',
      resourceTypes: [{ name: 'report', required: true, arnFormats: ['arn:${Partition}:reports:${Region}:${Account}:report/${ReportId}'] }],
      conditionKeys: ['reports:Pages', 'aws:ResourceTag/${TagKey}'],
    });
    expect(putService.service.createDate).not.toBeNull();
    const { service } = dataOf(await api.gql(GET, { p: 'reports' }));
    expect(service.id).toBe(putService.service.id);
    expect(service.conditionKeys).toEqual([{ name: 'reports:Team', type: 'STRING' }, { name: 'reports:Pages', type: 'NUMERIC' }]);
  });

  it('replaces the whole definition on a second put', async () => {
    dataOf(await api.gql(PUT, { input: reports({ servicePrefix: 'replaced' }) }));
    const { putService } = dataOf(await api.gql(PUT, { input: { servicePrefix: 'replaced', serviceName: 'Second', actions: [{ name: 'Only', accessLevel: 'WRITE' }] } }));
    expect(putService.service).toMatchObject({ serviceName: 'Second', actionCount: 1, resourceTypes: [], conditionKeys: [] });
    expect(await api.prisma.service.count({ where: { prefix: 'replaced' } })).toBe(1);
  });

  it("refuses an AWS prefix without overrideBuiltIn, and takes AWS's place with it", async () => {
    const before = await registeredCount();
    const refused = await api.gql(PUT, { input: reports({ servicePrefix: 'sqs' }) });
    expect(errorCodeOf(refused)).toBe('ENTITY_ALREADY_EXISTS');
    expect(firstError(refused).message).toContain('overrideBuiltIn');
    expect(await registeredCount()).toBe(before);

    const { putService } = dataOf(await api.gql(PUT, { input: reports({ servicePrefix: 'sqs', overrideBuiltIn: true }) }));
    expect(putService.service).toMatchObject({ builtIn: false, overridesBuiltIn: true, actionCount: 3 });
    expect(dataOf(await api.gql(GET, { p: 'sqs' })).service).toMatchObject({ builtIn: false, actionCount: 3 });

    const { deleteService } = dataOf(await api.gql(DELETE, { input: { servicePrefix: 'sqs' } }));
    expect(deleteService).toEqual({ servicePrefix: 'sqs', builtInRestored: true });
    const restored = dataOf(await api.gql(GET, { p: 'sqs' })).service;
    expect(restored.builtIn).toBe(true);
    expect(restored.actionCount).toBeGreaterThan(10);
  });

  it('is per account: another account does not see it', async () => {
    dataOf(await api.gql(PUT, { input: reports({ servicePrefix: 'mine' }) }));
    const other = await api.createAccount();
    expect(dataOf(await api.gql(GET, { p: 'mine' }, { accountId: other.accountId })).service).toBeNull();
    const { putService } = dataOf(await api.gql(PUT, { input: reports({ servicePrefix: 'mine', serviceName: 'Theirs' }) }, { accountId: other.accountId }));
    expect(putService.service.serviceName).toBe('Theirs');
    expect(dataOf(await api.gql(GET, { p: 'mine' })).service.serviceName).toBe('Acme Reports');
  });

  const action = (i: number) => ({ name: `Action${i}`, accessLevel: 'READ' });
  it.each([
    ['servicePrefix', { servicePrefix: 'Upper' }],
    ['servicePrefix', { servicePrefix: 'a'.repeat(41) }],
    ['servicePrefix', { servicePrefix: '' }],
    ['serviceName', { serviceName: '' }],
    ['serviceName', { serviceName: 'n'.repeat(257) }],
    ['actions', { actions: [] }],
    ['actions', { actions: Array.from({ length: 1001 }, (_, i) => action(i)) }],
    ['actions[0].name', { actions: [{ name: 'Get-Report', accessLevel: 'READ' }] }],
    ['actions[0].name', { actions: [{ name: 'x'.repeat(129), accessLevel: 'READ' }] }],
    ['actions[1].name', { actions: [action(1), { name: 'ACTION1', accessLevel: 'LIST' }] }],
    ['actions[0].resourceTypes[0].name', { actions: [{ name: 'Get', accessLevel: 'READ', resourceTypes: [{ name: 'nosuch' }] }] }],
    ['actions[0].conditionKeys[0]', { actions: [{ name: 'Get', accessLevel: 'READ', conditionKeys: ['reports:Undeclared'] }] }],
    ['resourceTypes[0].arnFormat', { resourceTypes: [{ name: 'report', arnFormat: 'report/*' }] }],
    ['resourceTypes[0].arnFormat', { resourceTypes: [{ name: 'report', arnFormat: `arn:aws:reports:::${'r'.repeat(2040)}` }] }],
    ['conditionKeys[0].name', { conditionKeys: [{ name: 'other:Team', type: 'STRING' }] }],
    ['conditionKeys[0].name', { conditionKeys: [{ name: `reports:${'k'.repeat(300)}`, type: 'STRING' }] }],
  ])('refuses a bad %s with BAD_USER_INPUT, storing nothing', async (field, overrides) => {
    const base = { servicePrefix: 'bad', serviceName: 'Bad', actions: [action(0)] };
    const before = await registeredCount();
    const response = await api.gql(PUT, { input: { ...base, ...overrides } });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await registeredCount()).toBe(before);
  });

  it('lists every problem of an input at once', async () => {
    const response = await api.gql(PUT, {
      input: { servicePrefix: 'BAD', serviceName: '', actions: [{ name: 'a-b', accessLevel: 'READ', conditionKeys: ['x:y'] }] },
    });
    const fields = (response.errors![0]!.extensions!.problems as Array<{ field: string }>).map((p) => p.field);
    expect(fields).toEqual(['servicePrefix', 'serviceName', 'actions[0].name', 'actions[0].conditionKeys[0]']);
  });

  it('leaves one whole definition when puts of one new prefix race', async () => {
    const puts = await Promise.all(Array.from({ length: 6 }, (_, i) => api.gql(PUT, { input: reports({ servicePrefix: 'raced', serviceName: `Take ${i}` }) })));
    for (const response of puts) expect(response.errors).toBeUndefined();
    const rows = await api.prisma.service.findMany({ where: { prefix: 'raced' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actionCount).toBe(3);
  });

  it('accepts 1000 actions', async () => {
    const actions = Array.from({ length: 1000 }, (_, i) => action(i));
    const { putService } = dataOf(await api.gql(`mutation($input: PutServiceInput!) { putService(input: $input) { service { actionCount } } }`, {
      input: { servicePrefix: 'big', serviceName: 'Big', actions },
    }));
    expect(putService.service.actionCount).toBe(1000);
  });
});

describe('deleteService', () => {
  it('deletes a registered service; a second delete is NO_SUCH_ENTITY', async () => {
    dataOf(await api.gql(PUT, { input: reports({ servicePrefix: 'gone' }) }));
    expect(dataOf(await api.gql(DELETE, { input: { servicePrefix: 'gone' } })).deleteService).toEqual({ servicePrefix: 'gone', builtInRestored: false });
    expect(dataOf(await api.gql(GET, { p: 'gone' })).service).toBeNull();
    expect(errorCodeOf(await api.gql(DELETE, { input: { servicePrefix: 'gone' } }))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await api.gql(DELETE, { input: { servicePrefix: 'NOT VALID' } }))).toBe('BAD_USER_INPUT');
  });
});

describe('services', () => {
  it('pages through AWS and registered services in one prefix order, each once', async () => {
    const account = await api.createAccount();
    const as = { accountId: account.accountId };
    for (const prefix of ['aaa-first', 'mmm-middle', 's3']) {
      dataOf(await api.gql(PUT, { input: reports({ servicePrefix: prefix, overrideBuiltIn: true }) }, as));
    }
    const seen: Array<{ servicePrefix: string; builtIn: boolean }> = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const { services } = dataOf(await api.gql(LIST, { first: 100, after }, as)) as any;
      total = services.totalCount;
      seen.push(...services.nodes);
      if (!services.pageInfo.hasNextPage) break;
      after = services.pageInfo.endCursor;
    }
    const prefixes = seen.map((s) => s.servicePrefix);
    expect(prefixes).toEqual([...prefixes].sort());
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(seen.length).toBe(total);
    expect(seen.length).toBeGreaterThan(300);
    expect(seen.find((s) => s.servicePrefix === 's3')).toEqual({ servicePrefix: 's3', builtIn: false, actionCount: 3 });
    expect(seen.find((s) => s.servicePrefix === 'mmm-middle')?.builtIn).toBe(false);
    expect(seen.find((s) => s.servicePrefix === 'ec2')?.builtIn).toBe(true);

    const registered = dataOf(await api.gql(LIST, { builtIn: false }, as)).services;
    expect(registered.nodes.map((s: { servicePrefix: string }) => s.servicePrefix)).toEqual(['aaa-first', 'mmm-middle', 's3']);
    expect(registered.totalCount).toBe(3);
    const aws = dataOf(await api.gql(LIST, { builtIn: true, first: 100 }, as)).services;
    expect(aws.totalCount).toBe(total - 3);
  });

  it('refuses a cursor of another filter', async () => {
    const { services } = dataOf(await api.gql(LIST, { first: 1 }));
    const response = await api.gql(LIST, { first: 1, after: services.pageInfo.endCursor, builtIn: true });
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('finds services by node id', async () => {
    const { service } = dataOf(await api.gql(GET, { p: 'ec2' }));
    const { node } = dataOf(await api.gql(`query($id: ID!) { node(id: $id) { id ... on Service { servicePrefix builtIn } } }`, { id: service.id }));
    expect(node).toEqual({ id: service.id, servicePrefix: 'ec2', builtIn: true });
  });
});
