// A TCP proxy in front of PostgreSQL that the test drives to fail like a network does:
// - drop: bytes vanish in both directions and new connections are accepted but never reach
//   the server, so connects and statements hang (a partition, or a firewall dropping packets);
// - delay: every byte arrives `ms` late (a very slow link or server);
// - cut: every open connection is destroyed at once (a crash, or a reset in the middle);
//   cutAtChunk(n, direction) does it when the n-th chunk from now reaches the proxy from the
//   client ('up': the server never sees that statement) or from the server ('down': the server
//   ran it, the client never hears), to cut a transaction at each of its statements in turn;
// - heal: forward again; connections that lost bytes are reset, as TCP does when a
//   partition outlasts its retransmissions.
// Closing either end of a connection always closes the other (the test counts server
// sessions; a partition's half-open sessions are PostgreSQL's to time out, not ours).
import net from 'node:net';

type Direction = 'up' | 'down';

interface Pair {
  client: net.Socket;
  upstream: net.Socket | undefined;
  /** Bytes were dropped: its protocol stream is broken for good. */
  broken: boolean;
  deliverAt: { up: number; down: number };
}

export interface FaultProxy {
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string;
  drop(): void;
  delay(ms: number): void;
  cut(): void;
  cutAtChunk(n: number, direction: Direction): void;
  /** Chunks received so far from clients ('up') and from the server ('down'). */
  readonly chunks: Readonly<Record<Direction, number>>;
  heal(): void;
  /** Connections open through the proxy now. */
  readonly openConnections: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: { kind: 'pass' } | { kind: 'drop' } | { kind: 'delay'; ms: number } = { kind: 'pass' };
  const pairs = new Set<Pair>();
  const chunks = { up: 0, down: 0 };
  let cutAt: { direction: Direction; chunk: number } | undefined;

  const destroy = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  };

  const forward = (pair: Pair, direction: Direction, chunk: Buffer) => {
    if (++chunks[direction] === cutAt?.chunk && direction === cutAt.direction) {
      cutAt = undefined;
      [...pairs].forEach(destroy);
      return;
    }
    const to = direction === 'up' ? pair.upstream : pair.client;
    if (mode.kind === 'drop' || pair.broken || !to) {
      pair.broken = true;
      return;
    }
    const now = Date.now();
    const at = Math.max(now + (mode.kind === 'delay' ? mode.ms : 0), pair.deliverAt[direction]);
    pair.deliverAt[direction] = at;
    if (at <= now) to.write(chunk);
    else setTimeout(() => to.destroyed || to.write(chunk), at - now);
  };

  const server = net.createServer((client) => {
    const pair: Pair = { client, upstream: undefined, broken: false, deliverAt: { up: 0, down: 0 } };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    client.on('data', (chunk) => forward(pair, 'up', chunk));
    if (mode.kind === 'drop') {
      pair.broken = true; // accepted, and silently never connected
      return;
    }
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    upstream.on('data', (chunk) => forward(pair, 'down', chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    drop: () => void (mode = { kind: 'drop' }),
    delay: (ms) => void (mode = { kind: 'delay', ms }),
    cut: () => [...pairs].forEach(destroy),
    cutAtChunk: (n, direction) => void (cutAt = { direction, chunk: chunks[direction] + n }),
    chunks,
    heal() {
      mode = { kind: 'pass' };
      cutAt = undefined;
      for (const pair of [...pairs]) if (pair.broken) destroy(pair);
    },
    get openConnections() {
      return pairs.size;
    },
    async close() {
      [...pairs].forEach(destroy);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
