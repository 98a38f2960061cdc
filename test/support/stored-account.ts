// Stores a generated account (test/support/generated-account.ts) through the API, in one
// mutation document whose fields run in order; returns the ARNs and unique ids of its users and roles.
import { dataOf, type TestApi } from './api-harness.ts';
import { arnsOf, type AccountSpec, type Doc, type EntitySpec } from './generated-account.ts';

export interface StoredAccount {
  users: string[];
  roles: string[];
  userIds: string[];
  roleIds: string[];
}

export async function storeAccount(api: TestApi, spec: AccountSpec, account: string): Promise<StoredAccount> {
  const arns = arnsOf(spec, account);
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const docVar = (d: Doc): string => {
    const name = `d${Object.keys(variables).length}`;
    variables[name] = d;
    return `$${name}`;
  };
  const tags = (e: EntitySpec) => (e.team ? `, tags: [{key: "team", value: "${e.team}"}]` : '');
  const boundary = (e: EntitySpec) => (e.boundary === null ? '' : `, permissionsBoundary: "${arns.policy(e.boundary)}"`);
  const trust = docVar({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  spec.policies.forEach((d, i) => fields.push(`p${i}: createPolicy(input: {policyName: "p${i}", policyDocument: ${docVar(d)}}) { policy { arn } }`));
  const owned = (kind: 'User' | 'Group' | 'Role', name: string, e: { attached: number[]; inline: Doc[] }) => {
    const field = kind.toLowerCase();
    e.attached.forEach((p) => fields.push(`a_${name}_${p}: attach${kind}Policy(input: {${field}Name: "${name}", policyArn: "${arns.policy(p)}"}) { ${field} { ${field}Name } }`));
    e.inline.forEach((d, j) => fields.push(`i_${name}_${j}: put${kind}Policy(input: {${field}Name: "${name}", policyName: "i${j}", policyDocument: ${docVar(d)}}) { ${field} { ${field}Name } }`));
  };
  spec.groups.forEach((g, i) => {
    fields.push(`g${i}: createGroup(input: {groupName: "g${i}"}) { group { groupName } }`);
    owned('Group', `g${i}`, g);
  });
  spec.users.forEach((u, i) => {
    fields.push(`u${i}: createUser(input: {userName: "u${i}", path: "${u.path}"${boundary(u)}${tags(u)}}) { user { userId } }`);
    owned('User', `u${i}`, u);
    u.groups.forEach((g) => fields.push(`m_u${i}_${g}: addUserToGroup(input: {groupName: "g${g}", userName: "u${i}"}) { user { userName } }`));
  });
  spec.roles.forEach((r, i) => {
    fields.push(`r${i}: createRole(input: {roleName: "r${i}", path: "${r.path}", assumeRolePolicyDocument: ${trust}${boundary(r)}${tags(r)}}) { role { roleId } }`);
    owned('Role', `r${i}`, r);
  });
  const declared = Object.keys(variables).map((v) => `$${v}: JSON!`).join(', ');
  const data = dataOf(await api.gql(`mutation(${declared}) { ${fields.join('\n')} }`, variables, { accountId: account }));
  return {
    users: spec.users.map((_, i) => arns.user(i)),
    roles: spec.roles.map((_, i) => arns.role(i)),
    userIds: spec.users.map((_, i) => data[`u${i}`].user.userId),
    roleIds: spec.roles.map((_, i) => data[`r${i}`].role.roleId),
  };
}
