// Managed policies attached to users, groups and roles: attach/detach, the 10-per-owner quota
// (also under concurrency), and both sides of the relationship.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type GraphqlResponse, type TestApi } from '../support/api-harness.ts';
import { createGroup, createPolicy, createRole, createUser, IDENTITY_DOC, policyArn } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

type Kind = 'User' | 'Group' | 'Role';
const NAME_ARG: Record<Kind, string> = { User: 'userName', Group: 'groupName', Role: 'roleName' };
const FIELD: Record<Kind, string> = { User: 'user', Group: 'group', Role: 'role' };

async function createOwner(kind: Kind, name: string): Promise<void> {
  if (kind === 'User') await createUser(api, name);
  if (kind === 'Group') await createGroup(api, name);
  if (kind === 'Role') await createRole(api, name);
}

function attach(kind: Kind, ownerName: string, arn: string): Promise<GraphqlResponse> {
  return api.gql(
    `mutation($n: String!, $arn: String!) { attach${kind}Policy(input: {${NAME_ARG[kind]}: $n, policyArn: $arn}) {
      ${FIELD[kind]} { ${NAME_ARG[kind]} attachedPolicies { policyName } } policy { policyName attachmentCount } } }`,
    { n: ownerName, arn },
  );
}

function detach(kind: Kind, ownerName: string, arn: string): Promise<GraphqlResponse> {
  return api.gql(
    `mutation($n: String!, $arn: String!) { detach${kind}Policy(input: {${NAME_ARG[kind]}: $n, policyArn: $arn}) {
      ${FIELD[kind]} { ${NAME_ARG[kind]} attachedPolicies { policyName } } policy { policyName attachmentCount } } }`,
    { n: ownerName, arn },
  );
}

/** The names of the policies attached to the owner, as its query reads them. */
async function attachedTo(kind: Kind, ownerName: string): Promise<string[]> {
  const data = dataOf(await api.gql(`query($n: String!) { ${FIELD[kind]}(${NAME_ARG[kind]}: $n) { attachedPolicies { policyName arn } } }`, { n: ownerName }));
  return data[FIELD[kind]].attachedPolicies.map((policy: { policyName: string }) => policy.policyName);
}

async function policySide(arn: string): Promise<{ attachmentCount: number; users: string[]; groups: string[]; roles: string[] }> {
  const policy = dataOf(
    await api.gql(`query($arn: String!) { policy(policyArn: $arn) { attachmentCount attachments {
      policyUsers { userName } policyGroups { groupName } policyRoles { roleName } } } }`, { arn }),
  ).policy;
  return {
    attachmentCount: policy.attachmentCount,
    users: policy.attachments.policyUsers.map((user: { userName: string }) => user.userName),
    groups: policy.attachments.policyGroups.map((group: { groupName: string }) => group.groupName),
    roles: policy.attachments.policyRoles.map((role: { roleName: string }) => role.roleName),
  };
}

describe.each<Kind>(['User', 'Group', 'Role'])('attach/detach %sPolicy', (kind) => {
  const prefix = `at-${kind.toLowerCase()}`;

  it('attaches a policy, visible from both sides', async () => {
    const owner = `${prefix}-owner`;
    await createOwner(kind, owner);
    const arn = await createPolicy(api, `${prefix}-pol`);
    const payload = dataOf(await attach(kind, owner, arn))[`attach${kind}Policy`];
    expect(payload[FIELD[kind]]).toEqual({ [NAME_ARG[kind]]: owner, attachedPolicies: [{ policyName: `${prefix}-pol` }] });
    expect(payload.policy).toEqual({ policyName: `${prefix}-pol`, attachmentCount: 1 });

    expect(await attachedTo(kind, owner)).toEqual([`${prefix}-pol`]);
    expect(await policySide(arn)).toEqual({
      attachmentCount: 1,
      users: kind === 'User' ? [owner] : [],
      groups: kind === 'Group' ? [owner] : [],
      roles: kind === 'Role' ? [owner] : [],
    });
  });

  it('is idempotent: attaching twice keeps one attachment', async () => {
    const owner = `${prefix}-twice`;
    await createOwner(kind, owner);
    const arn = await createPolicy(api, `${prefix}-twice-pol`);
    dataOf(await attach(kind, owner, arn));
    const again = dataOf(await attach(kind, owner, arn))[`attach${kind}Policy`];
    expect(again.policy.attachmentCount).toBe(1);
    expect(await attachedTo(kind, owner)).toEqual([`${prefix}-twice-pol`]);
    expect((await policySide(arn)).attachmentCount).toBe(1);
  });

  it('detaches a policy', async () => {
    const owner = `${prefix}-detach`;
    await createOwner(kind, owner);
    const keep = await createPolicy(api, `${prefix}-detach-keep`);
    const drop = await createPolicy(api, `${prefix}-detach-drop`);
    dataOf(await attach(kind, owner, keep));
    dataOf(await attach(kind, owner, drop));
    const payload = dataOf(await detach(kind, owner, drop))[`detach${kind}Policy`];
    expect(payload[FIELD[kind]].attachedPolicies).toEqual([{ policyName: `${prefix}-detach-keep` }]);
    expect(payload.policy).toEqual({ policyName: `${prefix}-detach-drop`, attachmentCount: 0 });

    expect(await attachedTo(kind, owner)).toEqual([`${prefix}-detach-keep`]);
    expect(await policySide(drop)).toEqual({ attachmentCount: 0, users: [], groups: [], roles: [] });
    expect((await policySide(keep)).attachmentCount).toBe(1);
  });

  it('reports detaching a policy that is not attached: NO_SUCH_ENTITY', async () => {
    const owner = `${prefix}-notatt`;
    await createOwner(kind, owner);
    const attached = await createPolicy(api, `${prefix}-notatt-on`);
    const other = await createPolicy(api, `${prefix}-notatt-off`);
    dataOf(await attach(kind, owner, attached));
    expect(errorCodeOf(await detach(kind, owner, other))).toBe('NO_SUCH_ENTITY');
    expect(await attachedTo(kind, owner)).toEqual([`${prefix}-notatt-on`]);
    expect((await policySide(attached)).attachmentCount).toBe(1);
  });

  it('reports an unknown owner or policy: NO_SUCH_ENTITY', async () => {
    const owner = `${prefix}-unknowns`;
    await createOwner(kind, owner);
    const arn = await createPolicy(api, `${prefix}-unknowns-pol`);
    expect(errorCodeOf(await attach(kind, `${prefix}-nobody`, arn))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await attach(kind, owner, policyArn(api, `${prefix}-no-policy`)))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await detach(kind, `${prefix}-nobody`, arn))).toBe('NO_SUCH_ENTITY');
    expect(errorCodeOf(await detach(kind, owner, policyArn(api, `${prefix}-no-policy`)))).toBe('NO_SUCH_ENTITY');
    expect(await attachedTo(kind, owner)).toEqual([]);
    expect((await policySide(arn)).attachmentCount).toBe(0);
  });

  it('allows 10 attached policies: LIMIT_EXCEEDED on the 11th', async () => {
    const owner = `${prefix}-full`;
    await createOwner(kind, owner);
    const names = Array.from({ length: 11 }, (_, i) => `${prefix}-full-${String(i).padStart(2, '0')}`);
    const arns: string[] = [];
    for (const name of names) arns.push(await createPolicy(api, name));
    for (const arn of arns.slice(0, 10)) dataOf(await attach(kind, owner, arn));

    const response = await attach(kind, owner, arns[10]!);
    expect(errorCodeOf(response)).toBe('LIMIT_EXCEEDED');
    expect(await attachedTo(kind, owner)).toEqual(names.slice(0, 10));
    expect((await policySide(arns[10]!)).attachmentCount).toBe(0);

    // attaching one that is already attached is still fine when full
    expect(dataOf(await attach(kind, owner, arns[0]!))[`attach${kind}Policy`].policy.attachmentCount).toBe(1);
    // and room comes back after a detach
    dataOf(await detach(kind, owner, arns[0]!));
    dataOf(await attach(kind, owner, arns[10]!));
    expect(await attachedTo(kind, owner)).toEqual(names.slice(1));
  });
});

describe('one policy, many owners', () => {
  it('lists every user, group and role it is attached to, and counts them', async () => {
    const arn = await createPolicy(api, 'at-shared');
    await createOwner('User', 'at-shared-u2');
    await createOwner('User', 'at-shared-u1');
    await createOwner('Group', 'at-shared-g');
    await createOwner('Role', 'at-shared-r');
    for (const [kind, name] of [['User', 'at-shared-u2'], ['User', 'at-shared-u1'], ['Group', 'at-shared-g'], ['Role', 'at-shared-r']] as const) {
      dataOf(await attach(kind, name, arn));
    }
    expect(await policySide(arn)).toEqual({ attachmentCount: 4, users: ['at-shared-u1', 'at-shared-u2'], groups: ['at-shared-g'], roles: ['at-shared-r'] });
  });

  it('does not attach another account\'s policy: NO_SUCH_ENTITY', async () => {
    const other = (await api.createAccount()).accountId;
    const theirs = dataOf(
      await api.gql(`mutation($doc: JSON!) { createPolicy(input: {policyName: "at-foreign", policyDocument: $doc}) { policy { arn } } }`, { doc: IDENTITY_DOC }, { accountId: other }),
    ).createPolicy.policy.arn as string;
    await createOwner('User', 'at-foreign-user');
    expect(errorCodeOf(await attach('User', 'at-foreign-user', theirs))).toBe('NO_SUCH_ENTITY');
    expect(await attachedTo('User', 'at-foreign-user')).toEqual([]);
  });
});

describe('concurrency', () => {
  it('20 concurrent attachments to one user: exactly 10 succeed, the rest LIMIT_EXCEEDED', async () => {
    await createOwner('User', 'at-race');
    const arns: string[] = [];
    for (let i = 0; i < 20; i++) arns.push(await createPolicy(api, `at-race-${String(i).padStart(2, '0')}`));

    const responses = await Promise.all(arns.map((arn) => attach('User', 'at-race', arn)));
    const codes = responses.map((response) => (response.errors?.length ? response.errors[0]!.extensions?.code : 'OK'));
    expect(codes.filter((code) => code === 'OK').length).toBe(10);
    expect(codes.filter((code) => code === 'LIMIT_EXCEEDED').length).toBe(10);

    const attached = await attachedTo('User', 'at-race');
    expect(attached.length).toBe(10);
    const succeeded = arns.filter((_, i) => codes[i] === 'OK').map((arn) => arn.split('/').at(-1));
    expect(attached).toEqual([...succeeded].sort());
  });
});

describe('attach racing deletePolicy', () => {
  it('ends either attached (delete refused) or deleted (attach refused), never half-way', async () => {
    for (let round = 0; round < 20; round++) {
      const user = `at-vs-del-${round}`;
      await createOwner('User', user);
      const arn = await createPolicy(api, `at-vs-del-pol-${round}`);
      const [attached, deleted] = await Promise.all([
        attach('User', user, arn),
        api.gql(`mutation($arn: String!) { deletePolicy(input: {policyArn: $arn}) { policyId } }`, { arn }),
      ]);
      const attachCode = attached.errors?.length ? attached.errors[0]!.extensions?.code : 'OK';
      const deleteCode = deleted.errors?.length ? deleted.errors[0]!.extensions?.code : 'OK';
      expect(['OK/DELETE_CONFLICT', 'NO_SUCH_ENTITY/OK']).toContain(`${attachCode}/${deleteCode}`);
      expect(await attachedTo('User', user)).toEqual(attachCode === 'OK' ? [`at-vs-del-pol-${round}`] : []);
    }
  });
});
