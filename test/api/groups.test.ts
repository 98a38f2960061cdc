// createGroup, updateGroup, deleteGroup, addUserToGroup, removeUserFromGroup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const createUser = (userName: string) => api.gql(`mutation($n: String!) { createUser(input: {userName: $n}) { user { userId } } }`, { n: userName });
const createGroup = (groupName: string, path?: string) =>
  api.gql(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { groupId groupName path arn createDate } } }`, {
    input: { groupName, ...(path ? { path } : {}) },
  });
const addMember = (groupName: string, userName: string) =>
  api.gql(`mutation($input: AddUserToGroupInput!) { addUserToGroup(input: $input) { group { groupName users { userName } } user { userName groups { groupName } } } }`, {
    input: { groupName, userName },
  });
const removeMember = (groupName: string, userName: string) =>
  api.gql(`mutation($input: RemoveUserFromGroupInput!) { removeUserFromGroup(input: $input) { group { users { userName } } user { groups { groupName } } } }`, {
    input: { groupName, userName },
  });
const members = async (groupName: string) =>
  dataOf(await api.gql(`query($n: String!) { group(groupName: $n) { users { userName } } }`, { n: groupName })).group.users.map((u: any) => u.userName);

describe('createGroup', () => {
  it('creates a group with an AGPA id and an ARN', async () => {
    const { group } = dataOf(await createGroup('Admins', '/staff/')).createGroup;
    expect(group.groupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(group.arn).toBe(`arn:aws:iam::${api.accountId}:group/staff/Admins`);
  });

  it('allows names up to 128 characters, and refuses longer ones', async () => {
    expect(dataOf(await createGroup('g'.repeat(128))).createGroup.group.groupName).toHaveLength(128);
    const response = await createGroup('g'.repeat(129));
    expect(errorCodeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe('groupName');
  });

  it('refuses a duplicate name ignoring case', async () => {
    dataOf(await createGroup('Readers'));
    expect(errorCodeOf(await createGroup('READERS'))).toBe('ENTITY_ALREADY_EXISTS');
    expect(dataOf(await api.gql(`{ groups(namePrefix: "readers") { totalCount } }`)).groups.totalCount).toBe(1);
  });
});

describe('updateGroup', () => {
  it('renames and moves a group', async () => {
    dataOf(await createGroup('old-name'));
    const { group } = dataOf(
      await api.gql(`mutation { updateGroup(input: {groupName: "old-name", newGroupName: "new-name", newPath: "/p/"}) { group { groupName arn } } }`),
    ).updateGroup;
    expect(group).toEqual({ groupName: 'new-name', arn: `arn:aws:iam::${api.accountId}:group/p/new-name` });
  });

  it('answers NO_SUCH_ENTITY and ENTITY_ALREADY_EXISTS', async () => {
    expect(errorCodeOf(await api.gql(`mutation { updateGroup(input: {groupName: "ghost", newPath: "/x/"}) { group { groupName } } }`))).toBe('NO_SUCH_ENTITY');
    dataOf(await createGroup('taken-a'));
    dataOf(await createGroup('taken-b'));
    expect(errorCodeOf(await api.gql(`mutation { updateGroup(input: {groupName: "taken-a", newGroupName: "Taken-B"}) { group { groupName } } }`))).toBe(
      'ENTITY_ALREADY_EXISTS',
    );
  });
});

describe('memberships', () => {
  it('adds and removes members, visible from both sides', async () => {
    dataOf(await createGroup('devs'));
    dataOf(await createUser('mia'));
    const added = dataOf(await addMember('devs', 'mia')).addUserToGroup;
    expect(added.group).toEqual({ groupName: 'devs', users: [{ userName: 'mia' }] });
    expect(added.user.groups).toEqual([{ groupName: 'devs' }]);
    dataOf(await addMember('DEVS', 'MIA'));
    expect(await members('devs')).toEqual(['mia']);
    const removed = dataOf(await removeMember('devs', 'mia')).removeUserFromGroup;
    expect(removed.group.users).toEqual([]);
    expect(removed.user.groups).toEqual([]);
  });

  it('answers NO_SUCH_ENTITY for a missing group, user or membership', async () => {
    dataOf(await createGroup('lonely'));
    dataOf(await createUser('noah'));
    expect(errorCodeOf(await addMember('ghost', 'noah'))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await addMember('lonely', 'ghost'))).toBe('NO_SUCH_ENTITY');
    const response = await removeMember('lonely', 'noah');
    expect(errorCodeOf(response)).toBe('NO_SUCH_ENTITY');
    expect(response.errors![0]!.message).toBe('user `noah` is not in group `lonely`');
  });

  it('keeps a user in at most 10 groups: LIMIT_EXCEEDED on the 11th', async () => {
    dataOf(await createUser('busy'));
    for (let i = 0; i < 10; i++) {
      dataOf(await createGroup(`busy-${i}`));
      dataOf(await addMember(`busy-${i}`, 'busy'));
    }
    dataOf(await createGroup('busy-10'));
    expect(errorCodeOf(await addMember('busy-10', 'busy'))).toBe('LIMIT_EXCEEDED');
    expect(await members('busy-10')).toEqual([]);
  });

  it('holds the 10-group quota under concurrent adds', async () => {
    dataOf(await createUser('racer'));
    for (let i = 0; i < 15; i++) dataOf(await createGroup(`race-${i}`));
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => addMember(`race-${i}`, 'racer')));
    const codes = results.map((result) => (result.errors ? result.errors[0]!.extensions!.code : 'OK'));
    expect(codes.filter((code) => code === 'OK')).toHaveLength(10);
    expect(codes.filter((code) => code === 'LIMIT_EXCEEDED')).toHaveLength(5);
    const groups = dataOf(await api.gql(`{ user(userName: "racer") { groups { groupName } } }`)).user.groups;
    expect(groups).toHaveLength(10);
  });
});

describe('deleteGroup', () => {
  it('deletes an empty group', async () => {
    const { group } = dataOf(await createGroup('temp')).createGroup;
    expect(dataOf(await api.gql(`mutation { deleteGroup(input: {groupName: "temp"}) { groupId groupName } }`)).deleteGroup).toEqual({
      groupId: group.groupId,
      groupName: 'temp',
    });
    expect(dataOf(await api.gql(`{ group(groupName: "temp") { groupName } }`)).group).toBeNull();
  });

  it('refuses while the group has members, listing them', async () => {
    dataOf(await createGroup('full'));
    dataOf(await createUser('olive'));
    dataOf(await addMember('full', 'olive'));
    const response = await api.gql(`mutation { deleteGroup(input: {groupName: "full"}) { groupId } }`);
    expect(errorCodeOf(response)).toBe('DELETE_CONFLICT');
    expect(response.errors![0]!.message).toBe('cannot delete group `full`: it still has 1 member');
    expect(await members('full')).toEqual(['olive']);
  });

  it('answers NO_SUCH_ENTITY for a missing group', async () => {
    expect(errorCodeOf(await api.gql(`mutation { deleteGroup(input: {groupName: "ghost"}) { groupId } }`))).toBe('NO_SUCH_ENTITY');
  });
});
