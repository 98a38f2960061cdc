// The lists of virtual MFA devices (a user's, and the account's by serial number, a page at a
// time), node(id) for a device, and the rule that a seed is shown once: in the payload that
// created the device, never in any answer after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createUser } from '../support/fixtures.ts';
import { createDevice, enableDevice } from '../support/mfa-fixtures.ts';

const now = () => new Date(Date.UTC(2026, 11, 1, 12, 0, 10));
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock: now });
});
afterAll(async () => api?.stop());

const DEVICE_FIELDS = 'id serialNumber user { userName } userName enableDate createDate';
const LIST_VIRTUAL = `query($first: Int, $after: String, $status: AssignmentStatusType) {
  virtualMFADevices(first: $first, after: $after, assignmentStatus: $status) {
    edges { cursor node { ${DEVICE_FIELDS} } } pageInfo { hasNextPage endCursor } totalCount
  }
}`;
const LIST_USER = `query($u: String) { mfaDevices(userName: $u) { ${DEVICE_FIELDS} } }`;
const DEACTIVATE = `mutation($input: DeactivateMFADeviceInput!) { deactivateMFADevice(input: $input) { mfaDevice { ${DEVICE_FIELDS} } } }`;
const deviceRow = (serialNumber: string) => api.prisma.mfaDevice.findUnique({ where: { serialNumber } });

describe('the lists and node(id)', () => {
  it('pages through the account\'s devices by serial number, filtered by assignment', async () => {
    const other = await api.createAccount();
    const as = { accountId: other.accountId };
    const names = ['pg-c', 'pg-a', 'pg-e', 'pg-b', 'pg-d'];
    const devices = [];
    for (const name of names) devices.push(await createDevice(api, name, { as }));
    await api.gql(`mutation { createUser(input: {userName: "pg-user"}) { user { userName } } }`, {}, as);
    dataOf(await enableDevice(api, devices[2]!, 'pg-user', now(), as));
    dataOf(await enableDevice(api, devices[4]!, 'pg-user', now(), as));

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: any = dataOf(await api.gql(LIST_VIRTUAL, { first: 2, after }, as)).virtualMFADevices;
      expect(result.totalCount).toBe(5);
      seen.push(...result.edges.map((edge: any) => edge.node.serialNumber));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(names.toSorted().map((name) => `arn:aws:iam::${other.accountId}:mfa/${name}`));

    const assigned = dataOf(await api.gql(LIST_VIRTUAL, { status: 'ASSIGNED' }, as)).virtualMFADevices;
    expect(assigned.edges.map((edge: any) => edge.node.userName)).toEqual(['pg-user', 'pg-user']);
    expect(assigned.edges.map((edge: any) => edge.node.serialNumber)).toEqual([devices[4]!.serialNumber, devices[2]!.serialNumber]);
    const unassigned = dataOf(await api.gql(LIST_VIRTUAL, { status: 'UNASSIGNED' }, as)).virtualMFADevices;
    expect(unassigned.totalCount).toBe(3);
    const cursor = dataOf(await api.gql(LIST_VIRTUAL, { first: 1 }, as)).virtualMFADevices.pageInfo.endCursor;
    expect(errorCodeOf(await api.gql(LIST_VIRTUAL, { first: 1, after: cursor, status: 'ASSIGNED' }, as))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(await api.gql(LIST_VIRTUAL, { first: 101 }, as))).toBe('BAD_USER_INPUT');
    // another account's list holds none of these
    const mine = dataOf(await api.gql(LIST_VIRTUAL, {})).virtualMFADevices.edges.map((edge: any) => edge.node.serialNumber);
    expect(mine.filter((serial: string) => serial.includes(other.accountId))).toEqual([]);
  });

  it('finds a device by node(id) within its account only', async () => {
    const device = await createDevice(api, 'nd-phone');
    const id = dataOf(await api.gql(LIST_VIRTUAL, {})).virtualMFADevices.edges.find((edge: any) => edge.node.serialNumber === device.serialNumber).node.id;
    const node = dataOf(await api.gql(`query($id: ID!) { node(id: $id) { __typename id ... on MFADevice { serialNumber } } }`, { id })).node;
    expect(node).toEqual({ __typename: 'MFADevice', id, serialNumber: device.serialNumber });
    const other = await api.createAccount();
    expect(dataOf(await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, { accountId: other.accountId })).node).toBeNull();
  });

  it('never shows a seed again after its creation payload', async () => {
    await createUser(api, 'sd-user');
    const device = await createDevice(api, 'sd-phone');
    dataOf(await enableDevice(api, device, 'sd-user', now()));
    const id = dataOf(await api.gql(LIST_VIRTUAL, {})).virtualMFADevices.edges.find((edge: any) => edge.node.serialNumber === device.serialNumber).node.id;
    const answers = [
      await api.gql(LIST_VIRTUAL, {}),
      await api.gql(LIST_USER, { u: 'sd-user' }),
      await api.gql(`{ user(userName: "sd-user") { mfaDevices { ${DEVICE_FIELDS} } } users { nodes { mfaDevices { ${DEVICE_FIELDS} } } } }`),
      await api.gql(`query($id: ID!) { node(id: $id) { ... on MFADevice { ${DEVICE_FIELDS} } } }`, { id }),
      await api.gql(DEACTIVATE, { input: { userName: 'sd-user', serialNumber: device.serialNumber } }),
    ];
    const row = await deviceRow(device.serialNumber);
    for (const answer of answers) {
      const text = JSON.stringify(dataOf(answer));
      expect(text).toContain(device.serialNumber);
      expect(text).not.toContain(device.seed);
      expect(text).not.toContain(row!.seedEncrypted);
    }
  });
});

describe('the cost of a list', () => {
  it('is the same number of SQL statements for 2 devices with their users as for 6', async () => {
    const other = await api.createAccount();
    const as = { accountId: other.accountId };
    const list = () => api.gql(`{ virtualMFADevices { nodes { serialNumber userName user { userName mfaDevices { serialNumber } } } } }`, {}, as);
    const grow = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await api.gql(`mutation($n: String!) { createUser(input: {userName: $n}) { user { userName } } }`, { n: `qc-user-${i}` }, as);
        dataOf(await enableDevice(api, await createDevice(api, `qc-${i}`, { as }), `qc-user-${i}`, now(), as));
      }
    };
    await grow(0, 2);
    const few = await api.sqlCount(async () => expect(dataOf(await list()).virtualMFADevices.nodes).toHaveLength(2));
    await grow(2, 6);
    const many = await api.sqlCount(async () => expect(dataOf(await list()).virtualMFADevices.nodes).toHaveLength(6));
    expect(many).toBe(few);
  });
});
