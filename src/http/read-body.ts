// Reads a request body up to a byte limit. Past the limit it stops reading at once, so a huge
// upload costs the server at most the limit: the caller answers 413 and closes the connection.
import type http from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/** Whether the request announces (Content-Length) a body over the limit, before any of it is read. */
export function declaresBodyOver(request: http.IncomingMessage, limit: number): boolean {
  const declared = request.headers['content-length'];
  return declared !== undefined && Number(declared) > limit;
}

/** The body's bytes (a signature covers them as sent); rejects with BodyTooLarge, leaving the rest unread. */
export function readBody(request: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  if (declaresBodyOver(request, limit)) return Promise.reject(new BodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Chunked (or lying) uploads: stop as soon as the limit is passed, read nothing more.
      request.off('data', onData);
      request.pause();
      reject(new BodyTooLarge(limit));
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Whether the request carries a body at all (by Content-Length or Transfer-Encoding). */
export function hasBody(request: http.IncomingMessage): boolean {
  const declared = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (declared !== undefined && Number(declared) !== 0);
}
