// HTTP over a raw TCP socket, for what fetch cannot do: send slowly, frame a body by hand, hold
// connections open, and watch exactly when and how the server answers or closes.
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the first complete response in `text` (Content-Length framed), if there is one. */
export function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(end + 4);
  if (Buffer.byteLength(body) < length) return undefined;
  return { status: Number(statusLine!.split(' ')[1]), headers, body: body.slice(0, length) };
}

/** A connected socket that records what it receives and how it ends. */
export class RawConnection {
  readonly socket: net.Socket;
  received = '';
  error: string | undefined;
  /** The server ended (FIN) or reset the connection. */
  closed = false;
  private readonly closing: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => (this.received += data));
    socket.on('error', (error: NodeJS.ErrnoException) => (this.error ??= error.code ?? error.message));
    this.closing = new Promise((resolve) => {
      socket.on('end', () => resolve());
      socket.on('close', () => resolve());
    });
    void this.closing.then(() => (this.closed = true));
  }

  /** Connects; `allowHalfOpen` keeps writing after the server's FIN, as a client busy uploading does. */
  static async open(port: number): Promise<RawConnection> {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawConnection(socket);
  }

  get response(): RawResponse | undefined {
    return parseResponse(this.received);
  }

  /** Writes unless the socket is gone; resolves once the data is handed to the kernel. */
  write(data: string | Buffer): Promise<boolean> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve(false);
    return new Promise((resolve) => this.socket.write(data, (error) => resolve(!error)));
  }

  /** Waits until `done()` or the socket closes, at most `timeoutMs`; says whether `done()` held. */
  async waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !this.closed && Date.now() < deadline) await sleep(20);
    return done();
  }

  /** Resolves true once the server has closed the connection, false if still open after `timeoutMs`. */
  waitForClose(timeoutMs: number): Promise<boolean> {
    return Promise.race([this.closing.then(() => true), sleep(timeoutMs).then(() => false)]);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The port of a test API's URL. */
export const portOf = (url: string) => Number(new URL(url).port);
