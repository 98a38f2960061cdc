// The one error vocabulary and the one finding shape. The table in src/errors.ts is the source:
// the lists atop schema.graphql and in README.md must be it, rendered; every code in it must be
// one a client can really receive (each is triggered here, with its HTTP status); no code is
// written as a bare literal elsewhere in src/. A malformed document gives the same finding
// objects through createPolicy's error and through validatePolicy.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, Kind } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode, type ErrorCodeInfo } from '../../src/errors.ts';
import { dataOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createUser } from '../support/fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** One line of the documented list, as the table says it. */
function describeCode(code: string, info: ErrorCodeInfo): string {
  const http = info.status === undefined ? '' : info.inFields ? ` (HTTP ${info.status} when the whole request is refused)` : ` (HTTP ${info.status})`;
  return `- \`${code}\`${http}: ${info.when}. To do: ${info.action}.`;
}

const RENDERED = Object.entries(ERROR_CODES).map(([code, info]) => describeCode(code, info));
const listed = (text: string) => text.split('\n').filter((line) => line.startsWith('- `'));

describe('the documented list of codes', () => {
  it('atop schema.graphql is the table in src/errors.ts', () => {
    const document = parse(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
    const schema = document.definitions.find((definition) => definition.kind === Kind.SCHEMA_DEFINITION);
    expect(listed(schema?.description?.value ?? ''), `expected these lines in schema.graphql:\n${RENDERED.join('\n')}`).toEqual(RENDERED);
  });

  it('in README.md, section Errors, is the table in src/errors.ts', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((part) => part.startsWith('Errors\n')) ?? '';
    expect(listed(section), `expected these lines in README.md, section Errors:\n${RENDERED.join('\n')}`).toEqual(RENDERED);
  });
});

describe('codes in the source', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'generated' ? [] : files(path);
      return path.endsWith('.ts') ? [path] : [];
    });

  // src/policy/ is left out: its codes are the issue codes of findings, another vocabulary.
  it('are never a bare `code: "..."` literal outside src/errors.ts', () => {
    const offenders = files(join(ROOT, 'src'))
      .filter((path) => !path.endsWith(join('src', 'errors.ts')) && !path.includes(join('src', 'policy', '')))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, index) => ({ where: `${path.slice(ROOT.length + 1)}:${index + 1}`, line }))
          .filter(({ line }) => /\bcode\s*:\s*['"`]/.test(line)),
      );
    expect(offenders).toEqual([]);
  });
});

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await createUser(api, 'taken');
});
afterAll(async () => api?.stop());

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** Posts as the signed-in root; `headers` may replace its Authorization (`{}` of `anonymous` sends none). */
async function post(body: string, headers: Record<string, string> = {}, anonymous = false): Promise<Answer> {
  const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(anonymous ? {} : api.authHeaders()), ...headers }, body });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}
const request = (query: string, more: Record<string, unknown> = {}) => post(JSON.stringify({ query, ...more }));
const anonymously = (query: string, variables: Record<string, unknown> = {}) => post(JSON.stringify({ query, variables }), {}, true);
const SIGN_IN = 'mutation($input: SignInInput!) { signIn(input: $input) { sessionToken } }';
const doc = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [statement] });

interface Trigger {
  /** Whether it refuses the whole request (the table's status), or is a field's error (HTTP 200). */
  whole: boolean;
  send: () => Promise<Answer>;
}

/** Requests that get each code: every way the table says it comes, where a test can cause it. */
const TRIGGERS: Record<ErrorCode, Trigger | Trigger[]> = {
  BAD_USER_INPUT: [
    { whole: false, send: () => request('mutation { createUser(input: {userName: "no spaces"}) { user { userName } } }') },
    { whole: true, send: () => request('query($n: String!) { user(userName: $n) { userName } }', { variables: { n: 7 } }) },
  ],
  NO_SUCH_ENTITY: { whole: false, send: () => request('mutation { deleteUser(input: {userName: "nobody"}) { userName } }') },
  ENTITY_ALREADY_EXISTS: { whole: false, send: () => request('mutation { createUser(input: {userName: "TAKEN"}) { user { userName } } }') },
  DELETE_CONFLICT: {
    whole: false,
    send: async () => {
      await request('mutation { createGroup(input: {groupName: "held"}) { group { groupName } } }');
      await request('mutation { addUserToGroup(input: {groupName: "held", userName: "taken"}) { group { groupName } } }');
      return request('mutation { deleteGroup(input: {groupName: "held"}) { groupName } }');
    },
  },
  UNMODIFIABLE_ENTITY: {
    whole: false,
    send: () => request('mutation { deletePolicy(input: {policyArn: "arn:aws:iam::aws:policy/AdministratorAccess"}) { policyId } }'),
  },
  LIMIT_EXCEEDED: [
    {
      whole: true,
      send: () => {
        const input = { principal: `arn:aws:iam::${api.accountId}:user/taken`, action: 's3:GetObject', resource: '*' };
        return request('query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { decision } } }', {
          variables: { inputs: Array.from({ length: 1001 }, () => input) },
        });
      },
    },
    {
      whole: false,
      send: async () => {
        const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
        const created = await request('mutation($doc: JSON!) { createPolicy(input: {policyName: "full", policyDocument: $doc}) { policy { arn } } }', { variables: { doc: policy } });
        const arn = (created.body.data as { createPolicy: { policy: { arn: string } } }).createPolicy.policy.arn;
        const version = () => request('mutation($arn: String!, $doc: JSON!) { createPolicyVersion(input: {policyArn: $arn, policyDocument: $doc}) { policyVersion { versionId } } }', { variables: { arn, doc: policy } });
        for (let i = 0; i < 4; i++) await version();
        return version();
      },
    },
  ],
  MALFORMED_POLICY_DOCUMENT: {
    whole: false,
    send: () => request('mutation($doc: JSON!) { createPolicy(input: {policyName: "bad", policyDocument: $doc}) { policy { arn } } }', { variables: { doc: doc({ Action: 's3:*' }) } }),
  },
  INTERNAL_SERVER_ERROR: {
    whole: false,
    send: async () => {
      await request('mutation { tagUser(input: {userName: "taken", tags: [{key: "k", value: "v"}]}) { user { userName } } }');
      await api.prisma.$executeRawUnsafe('ALTER TABLE "Tag" RENAME TO "TagGone"');
      try {
        return await request('{ user(userName: "taken") { userName tags { key } } }');
      } finally {
        await api.prisma.$executeRawUnsafe('ALTER TABLE "TagGone" RENAME TO "Tag"');
      }
    },
  },
  UNAUTHENTICATED: [
    { whole: true, send: () => anonymously('{ account { accountId } }') },
    { whole: true, send: () => post(JSON.stringify({ query: '{ account { accountId } }' }), { authorization: `Bearer ${'A'.repeat(43)}` }) },
  ],
  SIGN_IN_FAILED: { whole: false, send: () => anonymously(SIGN_IN, { input: { email: 'root@gatehouse.test', password: 'not the password' } }) },
  THROTTLING: {
    whole: true,
    send: async () => {
      // A server of its own, with a limit of 1 sign-in per name a minute: the second attempt is over it.
      const limited = await startTestApi({ auth: { signInLimitPerUser: 1 } });
      try {
        const attempt = async () => {
          const response = await fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SIGN_IN, variables: { input: { email: 'someone@x.test', password: 'whatever it is' } } }) });
          return { status: response.status, body: (await response.json()) as Answer['body'] };
        };
        await attempt();
        return await attempt();
      } finally {
        await limited.stop();
      }
    },
  },
  PASSWORD_POLICY_VIOLATION: {
    whole: false,
    send: () => request('mutation { createAccount(input: {accountName: "weak", email: "weak@x.test", rootPassword: "short"}) { rootPassword } }'),
  },
  PASSWORD_RESET_REQUIRED: {
    whole: true,
    send: async () => {
      await request('mutation { createUser(input: {userName: "must-reset"}) { user { userName } } }');
      await request('mutation { createLoginProfile(input: {userName: "must-reset", password: "a fine first password", passwordResetRequired: true}) { loginProfile { userName } } }');
      const signedIn = await anonymously(SIGN_IN, { input: { account: api.accountId, userName: 'must-reset', password: 'a fine first password' } });
      const token = (signedIn.body.data as { signIn: { sessionToken: string } }).signIn.sessionToken;
      return post(JSON.stringify({ query: '{ account { accountId } }' }), { authorization: `Bearer ${token}` });
    },
  },
  INVALID_AUTHENTICATION_CODE: {
    whole: false,
    send: async () => {
      const created = await request('mutation { createVirtualMFADevice(input: {virtualMFADeviceName: "wrong-codes"}) { virtualMFADevice { serialNumber } } }');
      const serial = (created.body.data as { createVirtualMFADevice: { virtualMFADevice: { serialNumber: string } } }).createVirtualMFADevice.virtualMFADevice.serialNumber;
      return request('mutation($s: String!) { enableMFADevice(input: {userName: "taken", serialNumber: $s, authenticationCode1: "000000", authenticationCode2: "000000"}) { mfaDevice { serialNumber } } }', { variables: { s: serial } });
    },
  },
  SERVICE_UNAVAILABLE: [
    {
      whole: true,
      // The credential is checked against the credentials epoch: held by a lock, the read times out (2 s).
      send: async () => {
        const locker = new pg.Client({ connectionString: api.database.url });
        await locker.connect();
        try {
          await locker.query('BEGIN');
          await locker.query('LOCK TABLE "CredentialsEpoch" IN ACCESS EXCLUSIVE MODE');
          return await request('{ account { accountId } }');
        } finally {
          await locker.query('ROLLBACK');
          await locker.end();
        }
      },
    },
    {
    whole: false,
    // PostgreSQL cancels a statement stuck behind a lock at the statement timeout (4 s by default).
    send: async () => {
      const locker = new pg.Client({ connectionString: api.database.url });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query(`SELECT 1 FROM "User" WHERE name = 'taken' FOR UPDATE`);
        return await request('mutation { tagUser(input: {userName: "taken", tags: [{key: "locked", value: "x"}]}) { user { userName } } }');
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
    },
    },
  ],
  BAD_REQUEST: { whole: true, send: () => post('{"query": "{ account { accountId } }", "query": "{ account { accountId } }"}') },
  PAYLOAD_TOO_LARGE: { whole: true, send: () => request('{ account { accountId } }', { variables: { pad: 'x'.repeat(1_100_000) } }) },
  GRAPHQL_PARSE_FAILED: { whole: true, send: () => request('{ account {') },
  GRAPHQL_VALIDATION_FAILED: { whole: true, send: () => request('{ account { noSuchField } }') },
  QUERY_LIMIT_EXCEEDED: { whole: true, send: () => request(`{ ${Array.from({ length: 51 }, (_, i) => `a${i}: account { accountId }`).join(' ')} }`) },
  PERSISTED_QUERY_NOT_FOUND: { whole: true, send: () => post(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } })) },
  ACCESS_DENIED: {
    whole: false,
    send: async () => {
      await request('mutation { createUser(input: {userName: "no-policy"}) { user { userName } } }');
      await request('mutation { createLoginProfile(input: {userName: "no-policy", password: "a fine first password"}) { loginProfile { userName } } }');
      const signedIn = await anonymously(SIGN_IN, { input: { account: api.accountId, userName: 'no-policy', password: 'a fine first password' } });
      const token = (signedIn.body.data as { signIn: { sessionToken: string } }).signIn.sessionToken;
      return post(JSON.stringify({ query: '{ user(userName: "taken") { userName } }' }), api.authHeaders({ token }));
    },
  },
  OPERATION_RESOLUTION_FAILURE: { whole: true, send: () => request('query A { account { accountId } }', { operationName: 'B' }) },
};

describe('every code in the table', () => {
  it('has a request here that gets it', () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  for (const [code, triggers] of Object.entries(TRIGGERS) as Array<[ErrorCode, Trigger | Trigger[]]>) {
    const info: ErrorCodeInfo = ERROR_CODES[code];
    for (const trigger of [triggers].flat()) {
      it(`${code}: a client receives it ${trigger.whole ? 'refusing the whole request' : "in a field's error"}, as the table says`, async () => {
        const { status, body } = await trigger.send();
        expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body).slice(0, 500)).toBe(code);
        expect(trigger.whole ? info.status !== undefined : info.inFields).toBe(true);
        expect(status).toBe(trigger.whole ? info.status : 200);
        if (trigger.whole) expect(body.data).toBeUndefined();
        else expect(body.data).toBeDefined();
      });
    }
  }

  it('an Apollo request error without a code of its own is BAD_REQUEST, not an internal error', async () => {
    const { status, body } = await post(JSON.stringify({ query: '{ account { accountId } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'ab'.repeat(32) } } }));
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } });
  });
});

describe('one finding shape', () => {
  const FINDING = 'findingType issueCode findingDetails locations { path { index value } statementIndex }';
  const VALIDATE = `query($doc: JSON!) { validatePolicy(policyDocument: $doc, policyType: IDENTITY_POLICY) { findings { ${FINDING} } } }`;
  const CREATE = 'mutation($name: String!, $doc: JSON!) { createPolicy(input: {policyName: $name, policyDocument: $doc}) { policy { arn } } }';
  const malformed = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Permit', Action: 's3:*', NotAction: 'iam:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'x' } } },
    ],
  };

  const refusedCharacter = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: 'caf\u0100' } };
  const forms = [
    ['an object', malformed],
    ['text', JSON.stringify(malformed, null, 2)],
    ['an object with a character IAM refuses', refusedCharacter],
    ['text with a character IAM refuses', JSON.stringify(refusedCharacter)],
  ] as const;
  for (const [form, document] of forms) {
    it(`is the same in createPolicy's extensions.findings and in validatePolicy, for ${form}`, async () => {
      const validated = dataOf(await api.gql(VALIDATE, { doc: document })).validatePolicy.findings;
      const refused = firstError(await api.gql(CREATE, { name: 'shape', doc: document }));
      expect(refused.extensions).toMatchObject({ code: 'MALFORMED_POLICY_DOCUMENT', field: 'policyDocument' });
      expect(validated.length).toBeGreaterThan(0);
      expect(refused.extensions!.findings).toEqual(validated);
    });
  }

  it('points with AWS path elements, the same in simulateCustomPolicy', async () => {
    const validated = dataOf(await api.gql(VALIDATE, { doc: malformed })).validatePolicy.findings;
    expect(validated).toContainEqual({
      findingType: 'ERROR',
      issueCode: 'INVALID_EFFECT',
      findingDetails: expect.stringContaining('statement 1: `Effect`'),
      locations: [{ path: [{ index: null, value: 'Statement' }, { index: 1, value: null }, { index: null, value: 'Effect' }], statementIndex: 1 }],
    });
    const simulated = firstError(
      await api.gql('query($input: SimulateCustomPolicyInput!) { simulateCustomPolicy(input: $input) { decision } }', {
        input: { identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: '*' }), malformed], request: { principal: `arn:aws:iam::${api.accountId}:user/taken`, action: 's3:GetObject', resource: '*' } },
      }),
    );
    expect(simulated.extensions).toMatchObject({ code: 'MALFORMED_POLICY_DOCUMENT', field: 'identityPolicies[1]' });
    expect(simulated.extensions!.findings).toEqual(validated);
  });
});
