// Small generated IAM accounts for property tests: users in groups, roles, managed and inline
// policies, boundaries, and requests with resource policies naming users, roles, sessions and
// accounts. Documents are generated with placeholders (`@user0`, `@queue`, ...) because the
// account id is known only once the account exists; resolveAccount fills them in.
import fc from 'fast-check';

export const OTHER_ACCOUNT = '444455556666';

export type Doc = { Version: string; Statement: Array<Record<string, unknown>> };

export interface EntitySpec {
  path: string;
  team: string | null;
  /** index of the managed policy used as permissions boundary */
  boundary: number | null;
  attached: number[];
  inline: Doc[];
}
export interface UserSpec extends EntitySpec { groups: number[] }
export interface GroupSpec { attached: number[]; inline: Doc[] }

export interface RequestSpec {
  principal: { kind: 'user' | 'role'; index: number };
  /** simulate a role as its session ARN rather than its role ARN */
  asSession: boolean;
  action: string;
  resource: string;
  crossAccount: boolean;
  resourcePolicy: Doc | null;
  sourceIp: string | null;
}

export interface AccountSpec {
  policies: Doc[];
  groups: GroupSpec[];
  users: UserSpec[];
  roles: EntitySpec[];
  requests: RequestSpec[];
}

const ACTIONS = ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage'];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 'sqs:*', '*'];
const RESOURCES = ['arn:aws:s3:::data/x', 'arn:aws:s3:::home/u0/x', 'arn:aws:s3:::home/u1/x', '@queue'];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::data/*', 'arn:aws:s3:::home/${aws:username}/*', '@queue', 'arn:aws:sqs:*:*:*'];
const MAX_POLICIES = 4;
const MAX_GROUPS = 2;
const MAX_USERS = 3;
const MAX_ROLES = 3;

// conditions on the keys the server fills for a stored principal, and one request key
const condition = fc.option(
  fc.constantFrom<Record<string, unknown>>(
    { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
    { StringNotEquals: { 'aws:PrincipalTag/team': 'blue' } },
    { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
    { StringEquals: { 'aws:PrincipalType': 'User' } },
    { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    { StringLike: { 'aws:username': 'u*' } },
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/svc/*' } },
    { StringLike: { 'aws:userid': 'AROA*:gatehouse' } },
    { StringLike: { 'aws:userid': 'AIDA*' } },
    { StringEquals: { 'aws:PrincipalAccount': '@account' } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  ),
  { nil: undefined, freq: 2 },
);

// `@self` is the request's principal (a user's or a role's ARN), `@self-session` that role's session
const RESOURCE_PRINCIPALS = [
  '@self', '@self', '@self', '@self-session', '*', '@user0', '@role0', '@session0', '@session0-other', '@account', '@root', `arn:aws:iam::${OTHER_ACCOUNT}:root`,
];

// resource policies often name the request's own action and resource (`@action`, `@resource`),
// so that their grants meet boundaries and session policies rather than miss the request
const statement = (withPrincipal: boolean): fc.Arbitrary<Record<string, unknown>> =>
  fc.record({
    deny: fc.boolean(),
    actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS, ...(withPrincipal ? ['@action', '@action'] : [])), { minLength: 1, maxLength: 2 }),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS, ...(withPrincipal ? ['@resource', '@resource'] : [])), { minLength: 1, maxLength: 2 }),
    principals: fc.uniqueArray(fc.constantFrom(...RESOURCE_PRINCIPALS), { minLength: 1, maxLength: 2 }),
    condition,
  }).map((s) => ({
    // Allow most of the time, so that boundaries and resource policies have something to limit
    Effect: s.deny && s.actions.length > 1 ? 'Deny' : 'Allow',
    Action: s.actions,
    Resource: s.resources,
    ...(withPrincipal ? { Principal: s.principals.includes('*') ? '*' : { AWS: s.principals } } : {}),
    ...(s.condition ? { Condition: s.condition } : {}),
  }));

const doc = (withPrincipal = false): fc.Arbitrary<Doc> =>
  fc.array(statement(withPrincipal), { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const indexes = (max: number) => fc.uniqueArray(fc.nat({ max: max - 1 }), { maxLength: 2 });

const entity = (policies: number): fc.Arbitrary<EntitySpec> =>
  fc.record({
    path: fc.constantFrom('/', '/svc/'),
    team: fc.constantFrom(null, 'red', 'blue'),
    boundary: fc.option(fc.nat({ max: policies - 1 }), { nil: null, freq: 3 }),
    attached: indexes(policies),
    inline: fc.array(doc(), { maxLength: 1 }),
  });

const request = (users: number, roles: number): fc.Arbitrary<RequestSpec> =>
  fc.record({
    principal: fc.oneof(
      fc.record({ kind: fc.constant('user' as const), index: fc.nat({ max: users - 1 }) }),
      fc.record({ kind: fc.constant('role' as const), index: fc.nat({ max: roles - 1 }) }),
    ),
    asSession: fc.boolean(),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    crossAccount: fc.nat({ max: 3 }).map((n) => n === 0),
    resourcePolicy: fc.option(doc(true), { nil: null, freq: 4 }),
    sourceIp: fc.constantFrom(null, '10.1.2.3', '192.0.2.7'),
  });

/** A small account: 1-4 managed policies, up to 2 groups, 1-3 users, 1-3 roles and 6-12 requests. */
export const accountSpec: fc.Arbitrary<AccountSpec> = fc
  .record({
    policyCount: fc.integer({ min: 1, max: MAX_POLICIES }),
    groupCount: fc.integer({ min: 0, max: MAX_GROUPS }),
    userCount: fc.integer({ min: 1, max: MAX_USERS }),
    roleCount: fc.integer({ min: 1, max: MAX_ROLES }),
  })
  .chain(({ policyCount, groupCount, userCount, roleCount }) =>
    fc.record({
      policies: fc.array(doc(), { minLength: policyCount, maxLength: policyCount }),
      groups: fc.array(fc.record({ attached: indexes(policyCount), inline: fc.array(doc(), { maxLength: 1 }) }), { minLength: groupCount, maxLength: groupCount }),
      users: fc.array(
        fc.record({ entity: entity(policyCount), groups: groupCount === 0 ? fc.constant<number[]>([]) : indexes(groupCount) }).map(({ entity, groups }) => ({ ...entity, groups })),
        { minLength: userCount, maxLength: userCount },
      ),
      roles: fc.array(entity(policyCount), { minLength: roleCount, maxLength: roleCount }),
      requests: fc.array(request(userCount, roleCount), { minLength: 6, maxLength: 12 }),
    }),
  );

/** ARNs of the generated account's entities (users `u<i>`, roles `r<i>`, groups `g<i>`, policies `p<i>`). */
export function arnsOf(spec: AccountSpec, account: string) {
  return {
    user: (i: number) => `arn:aws:iam::${account}:user${spec.users[i]!.path}u${i}`,
    role: (i: number) => `arn:aws:iam::${account}:role${spec.roles[i]!.path}r${i}`,
    session: (i: number, name = 'gatehouse') => `arn:aws:sts::${account}:assumed-role/r${i}/${name}`,
    policy: (i: number) => `arn:aws:iam::${account}:policy/p${i}`,
  };
}

/**
 * Fills in the placeholders of every document, and gives every statement a unique Sid so that
 * the statements that decided can be compared between stored and supplied documents.
 */
export function resolveAccount(spec: AccountSpec, account: string): AccountSpec {
  const arns = arnsOf(spec, account);
  const names: Record<string, string> = { '@account': account, '@root': `arn:aws:iam::${account}:root`, '@queue': `arn:aws:sqs:us-east-1:${account}:jobs` };
  spec.users.forEach((_, i) => (names[`@user${i}`] = arns.user(i)));
  spec.roles.forEach((_, i) => {
    names[`@role${i}`] = arns.role(i);
    names[`@session${i}`] = arns.session(i);
    names[`@session${i}-other`] = arns.session(i, 'other');
  });
  let sid = 0;
  const fill = (value: string): string => names[value] ?? (value.startsWith('@') ? `arn:aws:iam::${account}:user/nobody` : value);
  const resolve = <T>(value: T): T => JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? fill(v) : v)) as T;
  const numbered = (d: Doc): Doc => {
    const filled = resolve(d);
    return { ...filled, Statement: filled.Statement.map((s) => ({ Sid: `S${sid++}`, ...s })) };
  };
  const numberedEntity = <E extends EntitySpec>(e: E): E => ({ ...e, inline: e.inline.map(numbered) });
  return {
    policies: spec.policies.map(numbered),
    groups: spec.groups.map((g) => ({ ...g, inline: g.inline.map(numbered) })),
    users: spec.users.map(numberedEntity),
    roles: spec.roles.map(numberedEntity),
    requests: spec.requests.map((r) => {
      const { kind, index } = r.principal;
      names['@self'] = kind === 'user' ? arns.user(index) : arns.role(index);
      names['@self-session'] = kind === 'user' ? arns.user(index) : arns.session(index);
      names['@action'] = r.action;
      names['@resource'] = fill(r.resource);
      return { ...r, resource: fill(r.resource), resourcePolicy: r.resourcePolicy && numbered(r.resourcePolicy) };
    }),
  };
}
