// The HTTP surface: health, readiness, the body limit, request ids, and errors that never leak
// internals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { INTERNAL_ERROR_MESSAGE } from '../../src/graphql/format-error.ts';

let api: TestApi;
const logLines: string[] = [];
beforeAll(async () => {
  api = await startTestApi({ logSink: (line) => logLines.push(line) });
});
afterAll(async () => api?.stop());

const base = () => api.url.replace(/\/graphql$/, '');

describe('health and readiness', () => {
  it('answers /healthz and /readyz with 200 while the database is up', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
  });
});

describe('requests', () => {
  it('echoes a given x-request-id and makes one up otherwise', async () => {
    const given = await fetch(api.url, { method: 'POST', headers: { ...api.authHeaders(), 'content-type': 'application/json', 'x-request-id': 'abc-123' }, body: '{"query":"{ __typename }"}' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(api.url, { method: 'POST', headers: { ...api.authHeaders(), 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body over 1 MB with 413, and takes one just under', async () => {
    const padding = ' '.repeat(1024 * 1024);
    const tooBig = await fetch(api.url, { method: 'POST', headers: { ...api.authHeaders(), 'content-type': 'application/json' }, body: `{"query":"{ __typename }"}${padding}` });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const fits = await fetch(api.url, { method: 'POST', headers: { ...api.authHeaders(), 'content-type': 'application/json' }, body: `{"query":"{ __typename }"}${' '.repeat(1024 * 1000)}` });
    expect(fits.status).toBe(200);
  });

  it('answers 400 BAD_REQUEST for a body that is not JSON', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { ...api.authHeaders(), 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('reports syntax and validation errors with their codes', async () => {
    expect(errorCodeOf(await api.gql('{ users { '))).toBe('GRAPHQL_PARSE_FAILED');
    expect(errorCodeOf(await api.gql('{ users { noSuchField } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errorCodeOf(await api.gql('mutation { createUser(input: {}) { user { userId } } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('unexpected failures', () => {
  it('masks a database failure as INTERNAL_SERVER_ERROR with no SQL, stack or table names, to the client or the log', async () => {
    await api.gql(`mutation { createUser(input: {userName: "masked", tags: [{key: "a", value: "b"}]}) { user { userId } } }`);
    await api.prisma.$executeRawUnsafe('ALTER TABLE "Tag" RENAME TO "TagGone"');
    try {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { ...api.authHeaders(), 'content-type': 'application/json', 'x-request-id': 'masked-failure' },
        body: JSON.stringify({ query: '{ user(userName: "masked") { userName tags { key } } }' }),
      });
      const text = await response.text();
      const body = JSON.parse(text);
      expect(body.errors[0]).toMatchObject({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(body.data.user).toBeNull(); // tags is non-null, so its failure nulls the user
      expect(text).not.toMatch(/Tag"|SELECT|prisma|stacktrace|at .*\.ts/i);
      const logged = logLines.filter((line) => line.includes('"requestId":"masked-failure"'));
      expect(logged.some((line) => line.includes('"msg":"unexpected error"'))).toBe(true);
      for (const line of logged) expect(line).not.toMatch(/Tag"|SELECT|FROM|stack|at .*\.(ts|js)/i);
    } finally {
      await api.prisma.$executeRawUnsafe('ALTER TABLE "TagGone" RENAME TO "Tag"');
    }
  });
});
