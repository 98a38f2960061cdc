// The HTTP server under hostile clients: bodies over the limit get a readable 413 whatever their
// framing, slow senders are cut off, connections are capped, and the server serves on after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api-harness.ts';
import { portOf, RawConnection, sleep } from '../support/raw-http.ts';

const MB = 1024 * 1024;
const QUERY = '{"query":"{ __typename }"}';

async function expectServed(api: TestApi): Promise<void> {
  const response = await fetch(api.url, { method: 'POST', headers: { ...api.authHeaders(), 'content-type': 'application/json' }, body: QUERY });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
}

function expect413(connection: RawConnection): void {
  const response = connection.response;
  expect(response?.status, `received: ${connection.received.slice(0, 200)} error: ${connection.error}`).toBe(413);
  expect(response!.headers.connection).toBe('close');
  expect(JSON.parse(response!.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
}

/** Streams `total` bytes of body in 64 KB pieces, slowly, until the server answers or closes. */
async function streamBody(connection: RawConnection, total: number, chunked: boolean): Promise<number> {
  const piece = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  while (sent < total && !connection.response && !connection.closed) {
    const ok = await connection.write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
    if (!ok) break;
    sent += piece.length;
    await sleep(5);
  }
  if (chunked && sent >= total) await connection.write('0\r\n\r\n');
  return sent;
}

describe('request bodies over the limit', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it('answers a Content-Length of 50 MB with 413 before the body is sent, and the client can read it', async () => {
    const connection = await RawConnection.open(portOf(api.url));
    await connection.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${50 * MB}\r\n\r\n`);
    const sent = await streamBody(connection, 50 * MB, false);
    await connection.waitFor(() => connection.response !== undefined, 10_000);
    expect413(connection);
    expect(sent).toBeLessThan(50 * MB);
    connection.destroy();
    await expectServed(api);
  });

  it('answers a chunked body of 5 MB with 413 once it passes 1 MB, and the client can read it', async () => {
    const connection = await RawConnection.open(portOf(api.url));
    await connection.write('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
    await streamBody(connection, 5 * MB, true);
    await connection.waitFor(() => connection.response !== undefined, 10_000);
    expect413(connection);
    connection.destroy();
    await expectServed(api);
  });

  it('refuses `expect: 100-continue` over the limit without asking for the body', async () => {
    const connection = await RawConnection.open(portOf(api.url));
    await connection.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${50 * MB}\r\nexpect: 100-continue\r\n\r\n`);
    await connection.waitFor(() => connection.response !== undefined, 10_000);
    expect(connection.received.startsWith('HTTP/1.1 413')).toBe(true);
    expect413(connection);
    connection.destroy();
    await expectServed(api);
  });

  it('gives fetch a 413 for 50 MB with a length and for 5 MB streamed chunked', async () => {
    const sized = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(50 * MB, 0x20) });
    expect(sized.status).toBe(413);
    expect(((await sized.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const pieces = function* () {
      for (let i = 0; i < 80; i++) yield new Uint8Array(64 * 1024).fill(0x20);
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
        await sleep(2);
      },
    });
    const iterator = pieces();
    const streamed = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    await expectServed(api);
  });

  it('answers elsewhere than POST /graphql without reading a body, then closes', async () => {
    const connection = await RawConnection.open(portOf(api.url));
    await connection.write(`POST /healthz HTTP/1.1\r\nhost: x\r\ncontent-length: ${50 * MB}\r\n\r\n`);
    await streamBody(connection, 50 * MB, false);
    await connection.waitFor(() => connection.response !== undefined, 10_000);
    expect(connection.response?.status).toBe(200);
    expect(connection.response?.headers.connection).toBe('close');
    connection.destroy();
  });
});

describe('slow clients', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      server: { httpLimits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000, maxRequestsPerSocket: 2, maxConnections: 100 } },
    });
  });
  afterAll(async () => api?.stop());

  it('disconnects a client that sends its headers one byte a second (slowloris) with 408', async () => {
    const connection = await RawConnection.open(portOf(api.url));
    await connection.write('GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: ');
    for (let i = 0; i < 15 && !connection.closed; i++) {
      await connection.write('a');
      await sleep(1000);
    }
    expect(connection.closed).toBe(true);
    expect(connection.received).toMatch(/^HTTP\/1\.1 408/);
    await expectServed(api);
  });

  it('disconnects a client that sends its body one byte a second', async () => {
    const connection = await RawConnection.open(portOf(api.url));
    await connection.write('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n');
    for (let i = 0; i < 15 && !connection.closed; i++) {
      await connection.write(' ');
      await sleep(1000);
    }
    expect(connection.closed).toBe(true);
    expect(connection.received).toMatch(/^HTTP\/1\.1 408/);
    await expectServed(api);
  });

  it('announces the keep-alive timeout, closes an idle connection, and closes after the last request a connection may make', async () => {
    const connection = await RawConnection.open(portOf(api.url));
    const request = `POST /graphql HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${api.token}\r\ncontent-type: application/json\r\ncontent-length: ${QUERY.length}\r\n\r\n${QUERY}`;
    await connection.write(request);
    await connection.waitFor(() => connection.response !== undefined, 10_000);
    expect(connection.response?.headers['keep-alive']).toMatch(/^timeout=1\b/);
    expect(connection.response?.headers.connection).toBe('keep-alive');
    connection.received = '';
    await connection.write(request);
    await connection.waitFor(() => connection.response !== undefined, 10_000);
    expect(connection.response?.status).toBe(200);
    expect(connection.response?.headers.connection).toBe('close');
    expect(await connection.waitForClose(10_000)).toBe(true);

    const idle = await RawConnection.open(portOf(api.url));
    await idle.write(request);
    await idle.waitFor(() => idle.response !== undefined, 10_000);
    expect(idle.response?.status).toBe(200);
    expect(await idle.waitForClose(15_000)).toBe(true);
  });
});

describe('the connection cap', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      server: { httpLimits: { headersTimeoutMs: 20_000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 20_000, maxRequestsPerSocket: 0, maxConnections: 3 } },
    });
  });
  afterAll(async () => api?.stop());

  it('refuses connections beyond the cap, serves those within it, and serves again once they close', async () => {
    const port = portOf(api.url);
    const held = [await RawConnection.open(port), await RawConnection.open(port), await RawConnection.open(port)];
    await sleep(200); // let the server account for all three before the fourth arrives
    const request = `POST /graphql HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${api.token}\r\ncontent-type: application/json\r\ncontent-length: ${QUERY.length}\r\n\r\n${QUERY}`;
    const beyond = await RawConnection.open(port);
    await beyond.write(request);
    expect(await beyond.waitForClose(10_000)).toBe(true);
    expect(beyond.received).toBe('');

    await held[0]!.write(request);
    await held[0]!.waitFor(() => held[0]!.response !== undefined, 10_000);
    expect(held[0]!.response?.status).toBe(200);

    for (const connection of held) connection.destroy();
    let served: RawConnection | undefined;
    for (let attempt = 0; attempt < 50 && !served?.response; attempt++) {
      await sleep(100);
      served = await RawConnection.open(port);
      await served.write(request);
      await served.waitFor(() => served!.response !== undefined, 2000);
    }
    expect(served?.response?.status).toBe(200);
    served?.destroy();
  });
});
