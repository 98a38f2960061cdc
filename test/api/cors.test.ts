// Browsers: only the configured origins may call the API from a page; preflights work; the
// session travels as a Bearer header, never as a cookie (no credentials mode, so no CSRF).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api-harness.ts';

const CONSOLE = 'https://console.example.com';
let api: TestApi;
let closed: TestApi;
beforeAll(async () => {
  api = await startTestApi({ auth: { corsOrigins: [CONSOLE, 'http://localhost:5173'] } });
  closed = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
  await closed?.stop();
});

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

describe('a configured origin', () => {
  it('passes the preflight for POST with the Authorization header', async () => {
    const response = await preflight(api.url, CONSOLE);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/\bauthorization\b/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/\bcontent-type\b/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('may read the answer to a request with a Bearer token, and its request id', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { origin: CONSOLE, 'content-type': 'application/json', ...api.authHeaders() },
      body: JSON.stringify({ query: '{ callerIdentity { account } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(((await response.json()) as any).data.callerIdentity.account).toBe(api.accountId);
  });
});

describe('any other origin', () => {
  it('fails the preflight and gets no CORS headers, here and where no origin is configured', async () => {
    for (const [url, origin] of [[api.url, 'https://evil.example'], [api.url, 'https://console.example.com.evil.example'], [closed.url, CONSOLE]] as const) {
      const response = await preflight(url, origin);
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('gets an answer a browser will not show to the page', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', ...api.authHeaders() },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
