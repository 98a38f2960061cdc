// Requests signed with an access key (AWS Signature Version 4) by real signers: the AWS SDKs'
// @smithy/signature-v4, aws4 and curl. What each refusal looks like (the same 401 whatever went
// wrong), revocation on the very next request in this and another server process, and the cost
// of a warm signed request.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_SETTINGS } from '../../src/auth/settings.ts';
import { createPrisma } from '../../src/db/prisma.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer } from '../../src/server.ts';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { allow, putPolicy } from '../support/iam-callers.ts';
import { aws4Headers, curlSigned, graphqlBody, sendSigned, smithyHeaders, smithyPresignedUrl, type KeyPair, type SignedResponse } from '../support/signers.ts';

let api: TestApi;
let key: KeyPair;
let offsetMs = 0;
const IDENTITY = graphqlBody('{ callerIdentity { account arn userId } }');
const CREATE_KEY = 'mutation($u: String) { createAccessKey(input: {userName: $u}) { accessKey { accessKeyId secretAccessKey } } }';

async function newKey(userName: string, gql = api.gql.bind(api)): Promise<KeyPair> {
  return dataOf(await gql(CREATE_KEY, { u: userName })).createAccessKey.accessKey;
}

const viaSmithy = async (body: string, pair = key, options = {}, url = api.url) => sendSigned(url, await smithyHeaders(url, body, pair, options), body);

/** The one answer every refused signature gets: it never says what was wrong. */
let refusal: SignedResponse;
function expectRefused(response: SignedResponse) {
  expect(response.status).toBe(401);
  expect(response.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(response.json).toEqual(refusal.json);
  expect(response.json.data).toBeUndefined();
}

beforeAll(async () => {
  api = await startTestApi({ clock: () => new Date(Date.now() + offsetMs) });
  dataOf(await api.gql('mutation { createUser(input: {userName: "alice", path: "/team/"}) { user { userId } } }'));
  key = await newKey('alice');
  await putPolicy(api, 'alice', allow('iam:CreateGroup'));
  refusal = await viaSmithy(IDENTITY, { ...key, secretAccessKey: 'x'.repeat(40) });
});
afterAll(() => api?.stop());

describe('a request signed with an active access key', () => {
  const expectAlice = async (response: SignedResponse) => {
    expect(response.status).toBe(200);
    const { user } = dataOf(await api.gql('{ user(userName: "alice") { userId } }'));
    expect(dataOf(response.json).callerIdentity).toEqual({ account: api.accountId, arn: `arn:aws:iam::${api.accountId}:user/team/alice`, userId: user.userId });
  };

  it('is the key\'s user when signed by @smithy/signature-v4 (the AWS SDKs\' signer)', async () => {
    await expectAlice(await viaSmithy(IDENTITY));
  });

  it('is the key\'s user when signed by aws4', async () => {
    await expectAlice(await sendSigned(api.url, aws4Headers(api.url, IDENTITY, key), IDENTITY));
  });

  it('is the key\'s user when signed by curl --aws-sigv4', async () => {
    await expectAlice(await curlSigned(api.url, IDENTITY, key));
  });

  it('runs mutations as the key\'s user', async () => {
    const body = graphqlBody('mutation { createGroup(input: {groupName: "signed"}) { group { groupName } } }');
    expect(dataOf((await viaSmithy(body)).json).createGroup.group.groupName).toBe('signed');
  });

  it('is accepted up to 5 minutes early or late', async () => {
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    expect((await viaSmithy(IDENTITY, key, { date: minutes(-4) })).status).toBe(200);
    expect((await viaSmithy(IDENTITY, key, { date: minutes(4) })).status).toBe(200);
  });
});

describe('a signed request is refused with HTTP 401 UNAUTHENTICATED and no hint', () => {
  it('when the body is not the one signed', async () => {
    const headers = await smithyHeaders(api.url, IDENTITY, key);
    expectRefused(await sendSigned(api.url, headers, graphqlBody('{ callerIdentity { arn } }')));
  });

  it('when it was signed with another secret, or an unknown key id', async () => {
    expectRefused(await viaSmithy(IDENTITY, { ...key, secretAccessKey: key.secretAccessKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }));
    expectRefused(await viaSmithy(IDENTITY, { ...key, accessKeyId: `AKIA${'Z'.repeat(16)}` }));
    expectRefused(await curlSigned(api.url, IDENTITY, { ...key, secretAccessKey: 'wrong'.repeat(8) }));
  });

  it('when it names another region or service', async () => {
    expectRefused(await viaSmithy(IDENTITY, key, { region: 'eu-west-1' }));
    expectRefused(await viaSmithy(IDENTITY, key, { service: 'sts' }));
    expectRefused(await sendSigned(api.url, aws4Headers(api.url, IDENTITY, key, { region: 'us-west-2' }), IDENTITY));
    expectRefused(await curlSigned(api.url, IDENTITY, key, { service: 's3' }));
  });

  it('when it was signed more than 5 minutes before or after the server\'s time', async () => {
    expectRefused(await viaSmithy(IDENTITY, key, { date: new Date(Date.now() - 6 * 60_000) }));
    expectRefused(await sendSigned(api.url, aws4Headers(api.url, IDENTITY, key, { date: new Date(Date.now() + 6 * 60_000) }), IDENTITY));
    // curl signs with the real time: move the server's clock instead.
    offsetMs = 10 * 60_000;
    try {
      expectRefused(await curlSigned(api.url, IDENTITY, key));
    } finally {
      offsetMs = 0;
    }
    expect((await curlSigned(api.url, IDENTITY, key)).status).toBe(200);
  });

  it('when the Authorization header is malformed', async () => {
    const headers = await smithyHeaders(api.url, IDENTITY, key);
    const authorization = headers.authorization!;
    const variants = [
      authorization.replace(/, Signature=[0-9a-f]+$/, ''),
      authorization.replace(/Signature=([0-9a-f]+)$/, (_, hex: string) => `Signature=${hex.toUpperCase()}`),
      authorization.replace('SignedHeaders=', 'SignedHeaders=zzz;'),
      authorization.replace('/aws4_request', '/aws4_request/extra'),
      `${authorization}, Extra=1`,
      `${authorization}${'0'.repeat(3000)}`,
      authorization.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'),
    ];
    for (const variant of variants) {
      const response = await sendSigned(api.url, { ...headers, authorization: variant }, IDENTITY);
      expect(response.status, variant.slice(0, 300)).toBe(401);
      expectRefused(response);
    }
  });

  it('when host or x-amz-date is left out of the signature', async () => {
    for (const unsigned of ['host', 'x-amz-date']) {
      const headers = await smithyHeaders(api.url, IDENTITY, key, { unsigned: [unsigned] });
      expect(headers.authorization).not.toContain(unsigned === 'host' ? ';host;' : 'x-amz-date,');
      expectRefused(await sendSigned(api.url, headers, IDENTITY));
    }
  });

  it('when the payload is signed as UNSIGNED-PAYLOAD, or its declared hash is not the body\'s', async () => {
    // Signed correctly, over the declared value instead of the body's hash: the body is always part of what is signed here.
    expectRefused(await viaSmithy(IDENTITY, key, { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }));
    const headers = await smithyHeaders(api.url, IDENTITY, key);
    expectRefused(await sendSigned(api.url, { ...headers, 'x-amz-content-sha256': '0'.repeat(64) }, IDENTITY));
  });

  it('when the signature is in the query string (presigned URLs are not accepted), alone or beside the header', async () => {
    const presigned = await smithyPresignedUrl(api.url, IDENTITY, key);
    expect(presigned).toContain('X-Amz-Signature=');
    const alone = await sendSigned(presigned, { 'content-type': 'application/json' }, IDENTITY);
    expect(alone.status).toBe(401);
    expect(alone.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const url = `${api.url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${'0'.repeat(64)}`;
    expectRefused(await sendSigned(url, await smithyHeaders(url, IDENTITY, key), IDENTITY));
  });

  it('when it is signed with a session token (Gatehouse issues none)', async () => {
    const headers = await smithyHeaders(api.url, IDENTITY, key, { sessionToken: 'token' });
    expect(headers['x-amz-security-token']).toBe('token');
    expectRefused(await sendSigned(api.url, headers, IDENTITY));
  });
});

describe('revoking an access key', () => {
  const setStatus = (pair: KeyPair, status: string) =>
    api.gql('mutation($k: String!, $s: StatusType!) { updateAccessKey(input: {userName: "alice", accessKeyId: $k, status: $s}) { accessKey { status } } }', { k: pair.accessKeyId, s: status });

  it('refuses an inactive key from the very next request, and accepts it again once active', async () => {
    const pair = await newKey('alice');
    expect((await viaSmithy(IDENTITY, pair)).status).toBe(200); // cached now
    dataOf(await setStatus(pair, 'INACTIVE'));
    expectRefused(await viaSmithy(IDENTITY, pair));
    expectRefused(await curlSigned(api.url, IDENTITY, pair));
    dataOf(await setStatus(pair, 'ACTIVE'));
    expect((await viaSmithy(IDENTITY, pair)).status).toBe(200);
    dataOf(await api.gql('mutation($k: String!) { deleteAccessKey(input: {userName: "alice", accessKeyId: $k}) { accessKeyId } }', { k: pair.accessKeyId }));
  });

  it('refuses a deleted key from the very next request, also in another server process on the same database', async () => {
    // Another process with a master key of its own: it creates the key, so only it can open the secret.
    const prisma = createPrisma(api.database.url);
    const other = await createServer({
      prisma,
      databaseUrl: api.database.url,
      logger: createLogger('silent'),
      partition: 'aws',
      port: 0,
      host: '127.0.0.1',
      auth: DEFAULT_AUTH_SETTINGS,
      masterKey: randomBytes(32),
    });
    try {
      const viaOther = async (query: string, variables: Record<string, unknown>) => {
        const response = await fetch(other.url, { method: 'POST', headers: { 'content-type': 'application/json', ...api.authHeaders() }, body: JSON.stringify({ query, variables }) });
        return (await response.json()) as { data?: any };
      };
      const pair = await newKey('alice', viaOther);
      expect((await viaSmithy(IDENTITY, pair, {}, other.url)).status).toBe(200);
      expect((await viaSmithy(IDENTITY, pair, {}, other.url)).status).toBe(200); // warm: from its cache
      dataOf(await api.gql('mutation($k: String!) { deleteAccessKey(input: {userName: "alice", accessKeyId: $k}) { accessKeyId } }', { k: pair.accessKeyId }));
      expectRefused(await viaSmithy(IDENTITY, pair, {}, other.url));
    } finally {
      await other.stop();
      await prisma.$disconnect();
    }
  });
});

describe('the cost of a signed request', () => {
  // Reading a key's last use writes what is pending (and stops its timer), so that no batched
  // write of earlier requests falls into a count below: the next one is 5 seconds away.
  const flushKeyUsage = async () => dataOf(await api.gql('query($k: String!) { accessKeyLastUsed(accessKeyId: $k) { userName } }', { k: key.accessKeyId }));

  it('is one statement when warm: the epoch read every request makes anyway', async () => {
    dataOf(await api.gql('mutation { createGroup(input: {groupName: "bump"}) { group { groupName } } }'));
    dataOf(await api.gql('mutation { deleteGroup(input: {groupName: "bump"}) { groupName } }'));
    await flushKeyUsage();
    const cold = await api.sqlCount(async () => expect((await viaSmithy(IDENTITY)).status).toBe(200));
    await flushKeyUsage();
    const warm = await api.sqlCount(async () => expect((await viaSmithy(IDENTITY)).status).toBe(200));
    expect(cold).toBe(3); // the epoch, the key and its user (Prisma reads a relation in a statement of its own)
    expect(warm).toBe(1);
  });

  it('costs no statement at all when refused before the key is needed', async () => {
    await flushKeyUsage();
    const count = await api.sqlCount(async () => expectRefused(await viaSmithy(IDENTITY, key, { region: 'eu-west-1' })));
    expect(count).toBe(0);
  });
});
