// The API authorizes itself with the caller's own policies: the "done when" of issue 9 (Get*
// and List* under /dev/), partial answers, request keys the server fills, cross-account and
// management-only calls, the strong consistency of a removed grant, and the warm path's SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { allow, iamCaller, putPolicy, tableDigests } from '../support/iam-callers.ts';

let api: TestApi;
const code = errorCodeOf;
const USER = 'query($n: String!) { user(userName: $n) { userName path } }';
const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { arn } } }';
const usersArn = (path: string) => `arn:aws:iam::${api.accountId}:user${path}`;

beforeAll(async () => {
  api = await startTestApi();
  for (const [userName, path] of [['dev-a', '/dev/'], ['prod-b', '/prod/']]) dataOf(await api.gql(CREATE_USER, { input: { userName, path } }));
});
afterAll(async () => api?.stop());

describe('a user allowed iam:Get* and iam:List* under /dev/', () => {
  let token: string;
  beforeAll(async () => {
    token = await iamCaller(api, 'reader');
    await putPolicy(api, 'reader', allow(['iam:Get*', 'iam:List*'], usersArn('/dev/*')));
  });

  it('reads what is under /dev/, and nothing else', async () => {
    expect(dataOf(await api.gql(USER, { n: 'dev-a' }, { token })).user).toEqual({ userName: 'dev-a', path: '/dev/' });
    expect(code(await api.gql(USER, { n: 'prod-b' }, { token }))).toBe('ACCESS_DENIED');
    expect(dataOf(await api.gql('{ users(pathPrefix: "/dev/") { nodes { userName } } }', {}, { token })).users.nodes).toEqual([{ userName: 'dev-a' }]);
    expect(code(await api.gql('{ users { totalCount } }', {}, { token }))).toBe('ACCESS_DENIED');
  });

  it('is denied a user under /dev/ that does not exist exactly like one outside it', async () => {
    const missing = await api.gql(USER, { n: 'never-was' }, { token });
    const outside = await api.gql(USER, { n: 'prod-b' }, { token });
    expect([code(missing), missing.errors?.[0]?.message]).toEqual([code(outside), outside.errors?.[0]?.message]);
  });

  it('gets the allowed fields of one query while the denied one is null on its path', async () => {
    const answer = await api.gql('{ mine: user(userName: "dev-a") { userName } theirs: user(userName: "prod-b") { userName } }', {}, { token });
    expect(answer.data).toEqual({ mine: { userName: 'dev-a' }, theirs: null });
    expect(answer.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['ACCESS_DENIED', ['theirs']]]);
  });

  it('gets every allowed root field beside a denied one, whatever their types', async () => {
    const answer = await api.gql('{ users(pathPrefix: "/dev/") { totalCount } groups { totalCount } account { accountId } }', {}, { token });
    expect(answer.data).toEqual({ users: { totalCount: 1 }, groups: null, account: null });
    // query fields run side by side: their errors come in no set order
    expect(answer.errors?.map((error) => [error.extensions?.code, error.path]).sort()).toEqual([
      ['ACCESS_DENIED', ['account']],
      ['ACCESS_DENIED', ['groups']],
    ]);
  });

  it('sees which mutation of an operation was denied, and the others’ results', async () => {
    await putPolicy(api, 'reader', { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: usersArn('/dev/*') },
      { Effect: 'Allow', Action: 'iam:TagUser', Resource: usersArn('/dev/*') },
    ] });
    try {
      const answer = await api.gql(
        'mutation { denied: tagUser(input: {userName: "prod-b", tags: [{key: "k", value: "v"}]}) { __typename } allowed: tagUser(input: {userName: "dev-a", tags: [{key: "k", value: "v"}]}) { __typename } }',
        {},
        { token },
      );
      expect(answer.data).toEqual({ denied: null, allowed: { __typename: 'TagUserPayload' } });
      expect(answer.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['ACCESS_DENIED', ['denied']]]);
    } finally {
      await putPolicy(api, 'reader', allow(['iam:Get*', 'iam:List*'], usersArn('/dev/*')));
    }
  });

  it('authorizes each mutation of an operation on the state the ones before it left', async () => {
    const admin = await iamCaller(api, 'dev-admin');
    await putPolicy(api, 'dev-admin', allow(['iam:UpdateUser', 'iam:DeleteUser', 'iam:GetUser'], usersArn('/dev/*')));
    dataOf(await api.gql(CREATE_USER, { input: { userName: 'mover', path: '/dev/' } }));
    expect(dataOf(await api.gql(USER, { n: 'mover' }, { token: admin })).user.path).toBe('/dev/');
    const answer = await api.gql(
      'mutation { moved: updateUser(input: {userName: "mover", newPath: "/prod/"}) { user { path } } gone: deleteUser(input: {userName: "mover"}) { __typename } }',
      {},
      { token: admin },
    );
    expect(answer.data).toEqual({ moved: { user: { path: '/prod/' } }, gone: null });
    expect(answer.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['ACCESS_DENIED', ['gone']]]);
    expect(dataOf(await api.gql(USER, { n: 'mover' })).user).toEqual({ userName: 'mover', path: '/prod/' });
  });

  it('changes nothing beyond it: every write is ACCESS_DENIED', async () => {
    const before = await tableDigests(api);
    expect(code(await api.gql(CREATE_USER, { input: { userName: 'dev-c', path: '/dev/' } }, { token }))).toBe('ACCESS_DENIED');
    expect(code(await api.gql('mutation { deleteUser(input: {userName: "dev-a"}) { userName } }', {}, { token }))).toBe('ACCESS_DENIED');
    expect(code(await api.gql('mutation { createAccessKey(input: {}) { accessKey { accessKeyId } } }', {}, { token }))).toBe('ACCESS_DENIED');
    expect(await tableDigests(api)).toEqual(before);
  });
});

describe('the audit trail', () => {
  const denials = async (principal: string) =>
    dataOf(
      await api.gql('query($p: String) { auditEvents(filter: {principal: $p, outcome: "ACCESS_DENIED"}, first: 20) { nodes { operation eventName resources decision decidingStatement } } }', { p: principal }),
    ).auditEvents.nodes;

  it('explains every denial, queries and relationship fields included: the action, the resource as resolved, the decision', async () => {
    const token = await iamCaller(api, 'explained');
    await putPolicy(api, 'explained', allow(['iam:GetUser', 'iam:ListUsers'], usersArn('/dev/*')));
    const arn = usersArn('/explained');
    expect(code(await api.gql('{ users { totalCount } }', {}, { token }))).toBe('ACCESS_DENIED');
    expect(code(await api.gql(USER, { n: 'prod-b' }, { token }))).toBe('ACCESS_DENIED');
    expect(code(await api.gql(CREATE_USER, { input: { userName: 'dev-z', path: '/dev/' } }, { token }))).toBe('ACCESS_DENIED');
    expect(code(await api.gql('{ users(pathPrefix: "/dev/") { nodes { userName groups { groupName } } } }', {}, { token }))).toBe('ACCESS_DENIED');
    const recorded = await denials(arn);
    expect(recorded.map((event: any) => [event.operation, event.eventName, event.resources, event.decision, event.decidingStatement])).toEqual([
      ['User.groups', 'ListGroupsForUser', [usersArn('/dev/dev-a')], 'IMPLICIT_DENY', []],
      ['createUser', 'CreateUser', [usersArn('/dev/dev-z')], 'IMPLICIT_DENY', []],
      ['user', 'GetUser', [usersArn('/prod/prod-b')], 'IMPLICIT_DENY', []],
      ['users', 'ListUsers', [usersArn('/*')], 'IMPLICIT_DENY', []],
    ]);
  });

  it('names the statement that denied explicitly, and the one that allowed a mutation', async () => {
    const token = await iamCaller(api, 'fenced');
    await putPolicy(api, 'fenced', {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'TagAnyone', Effect: 'Allow', Action: 'iam:TagUser', Resource: '*' },
        { Sid: 'NeverProd', Effect: 'Deny', Action: 'iam:TagUser', Resource: usersArn('/prod/*') },
      ],
    });
    const tag = (userName: string) => api.gql('mutation($n: String!) { tagUser(input: {userName: $n, tags: [{key: "k", value: "v"}]}) { __typename } }', { n: userName }, { token });
    expect(code(await tag('prod-b'))).toBe('ACCESS_DENIED');
    dataOf(await tag('dev-a'));
    const [denied] = await denials(usersArn('/fenced'));
    expect(denied).toMatchObject({ eventName: 'TagUser', decision: 'EXPLICIT_DENY', decidingStatement: [{ sid: 'NeverProd', effect: 'Deny', statementIndex: 1, policy: 'granted' }] });
    const allowed = dataOf(await api.gql('query($p: String) { auditEvents(filter: {principal: $p, outcome: "SUCCESS", action: "iam:TagUser"}, first: 1) { nodes { decision decidingStatement } } }', { p: usersArn('/fenced') })).auditEvents.nodes;
    expect(allowed).toEqual([{ decision: 'ALLOWED', decidingStatement: [expect.objectContaining({ sid: 'TagAnyone', effect: 'Allow' })] }]);
  });
});

describe('relationship fields', () => {
  it('need the permission of the call that would answer them: user.groups is iam:ListGroupsForUser', async () => {
    const token = await iamCaller(api, 'looker');
    await putPolicy(api, 'looker', allow('iam:GetUser'));
    const query = '{ user(userName: "dev-a") { userName groups { groupName } } }';
    const denied = await api.gql(query, {}, { token });
    expect(denied.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['ACCESS_DENIED', ['user', 'groups']]]);
    expect(denied.data).toEqual({ user: { userName: 'dev-a', groups: null } });
    await putPolicy(api, 'looker', allow(['iam:GetUser', 'iam:ListGroupsForUser'], usersArn('/dev/dev-a')));
    expect(dataOf(await api.gql(query, {}, { token })).user).toEqual({ userName: 'dev-a', groups: [] });
    expect(errorCodeOf(await api.gql('{ user(userName: "dev-a") { accessKeys { accessKeyId } } }', {}, { token }))).toBe('ACCESS_DENIED');
  });
});

describe('accessKeyLastUsed', () => {
  it('is iam:GetAccessKeyLastUsed on the user owning the key: a caller allowed on itself reads its own keys only', async () => {
    const token = await iamCaller(api, 'key-owner');
    await putPolicy(api, 'key-owner', allow('iam:GetAccessKeyLastUsed', 'arn:aws:iam::*:user/${aws:username}'));
    const keyOf = async (userName: string) =>
      dataOf(await api.gql('mutation($n: String) { createAccessKey(input: {userName: $n}) { accessKey { accessKeyId } } }', { n: userName })).createAccessKey.accessKey.accessKeyId as string;
    const own = await keyOf('key-owner');
    const theirs = await keyOf('dev-a');
    const lastUsed = (id: string) => api.gql('query($id: String!) { accessKeyLastUsed(accessKeyId: $id) { userName } }', { id }, { token });
    expect(dataOf(await lastUsed(own)).accessKeyLastUsed).toEqual({ userName: 'key-owner' });
    expect(code(await lastUsed(theirs))).toBe('ACCESS_DENIED');
    expect(code(await lastUsed('AKIAAAAAAAAAAAAAAAAA'))).toBe('ACCESS_DENIED');
  });
});

describe('the request context', () => {
  let token: string;
  beforeAll(async () => {
    token = await iamCaller(api, 'conditional');
  });
  const read = () => api.gql(USER, { n: 'dev-a' }, { token });

  it('has aws:SecureTransport false over plain HTTP, aws:SourceIp and aws:UserAgent from the request', async () => {
    await putPolicy(api, 'conditional', allow('iam:GetUser', '*', { Bool: { 'aws:SecureTransport': 'true' } }));
    expect(code(await read())).toBe('ACCESS_DENIED');
    await putPolicy(api, 'conditional', allow('iam:GetUser', '*', { Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }));
    expect(dataOf(await read()).user.userName).toBe('dev-a');
    await putPolicy(api, 'conditional', allow('iam:GetUser', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }));
    expect(code(await read())).toBe('ACCESS_DENIED');
    await putPolicy(api, 'conditional', allow('iam:GetUser', '*', { StringLike: { 'aws:UserAgent': 'node*' } }));
    expect(dataOf(await read()).user.userName).toBe('dev-a');
  });

  it('has aws:username, so a self-service policy reaches only the caller', async () => {
    await putPolicy(api, 'conditional', allow('iam:GetUser', `arn:aws:iam::${api.accountId}:user/\${aws:username}`));
    expect(dataOf(await api.gql(USER, { n: 'conditional' }, { token })).user.userName).toBe('conditional');
    expect(code(await read())).toBe('ACCESS_DENIED');
  });

  it('stops granting on the next call once the grant is gone, and adds no SQL on a warm call', async () => {
    await putPolicy(api, 'conditional', allow('iam:ListUsers'));
    const list = (as?: { token: string }) => api.gql('{ users(first: 10) { totalCount } }', {}, as);
    dataOf(await list({ token }));
    dataOf(await list());
    const byRoot = await api.sqlCount(() => list());
    const byUser = await api.sqlCount(() => list({ token }));
    expect(byUser).toBe(byRoot);
    dataOf(await api.gql('mutation { deleteUserPolicy(input: {userName: "conditional", policyName: "granted"}) { __typename } }'));
    expect(code(await list({ token }))).toBe('ACCESS_DENIED');
  });
});

describe('accounts', () => {
  it('keep every principal, root included, out of another account, whether or not the target exists', async () => {
    const other = await api.createAccount();
    const admin = await iamCaller(api, 'admin', { accountId: other.accountId });
    await putPolicy(api, 'admin', allow('*'), 'everything', { accountId: other.accountId });
    const evaluate = 'query($p: String!) { evaluateAccess(input: {principal: $p, action: "s3:GetObject", resource: "*"}) { decision } }';
    for (const as of [{ token: admin }, { accountId: other.accountId }]) {
      expect(code(await api.gql(evaluate, { p: usersArn('/dev/dev-a') }, as))).toBe('ACCESS_DENIED');
      expect(code(await api.gql(evaluate, { p: usersArn('/never-was') }, as))).toBe('ACCESS_DENIED');
      expect(code(await api.gql('query($a: String!) { entityByArn(arn: $a) { arn } }', { a: usersArn('/dev/dev-a') }, as))).toBe('ACCESS_DENIED');
    }
    expect(dataOf(await api.gql(evaluate, { p: `arn:aws:iam::${other.accountId}:user/admin` }, { token: admin })).evaluateAccess.decision).toBe('ALLOWED');
  });

  it('are created by the management account only: its root, or its principals allowed organizations:CreateAccount', async () => {
    const other = await api.createAccount();
    const create = (name: string) => `mutation { createAccount(input: {accountName: "${name}", email: "${name}@x.test"}) { account { accountId } } }`;
    expect(code(await api.gql(create('from-other'), {}, { accountId: other.accountId }))).toBe('ACCESS_DENIED');
    const outsider = await iamCaller(api, 'outsider', { accountId: other.accountId });
    await putPolicy(api, 'outsider', allow('*'), 'everything', { accountId: other.accountId });
    expect(code(await api.gql(create('from-outsider'), {}, { token: outsider }))).toBe('ACCESS_DENIED');
    const creator = await iamCaller(api, 'creator');
    expect(code(await api.gql(create('not-yet'), {}, { token: creator }))).toBe('ACCESS_DENIED');
    await putPolicy(api, 'creator', allow('organizations:CreateAccount'));
    expect(dataOf(await api.gql(create('by-creator'), {}, { token: creator })).createAccount.account.accountId).toMatch(/^\d{12}$/);
  });
});
