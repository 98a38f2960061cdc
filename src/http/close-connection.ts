// Closing a connection whose request body is left unread, without losing the response.
//
// With `connection: close` Node destroys the socket as soon as the response is written. If the
// client is still sending, the unread bytes make the kernel answer with a reset, and a client
// that is busy writing then sees ECONNRESET or EPIPE and often never reads the 413 it was sent.
// Instead: send the response and a FIN, stop reading, and destroy the socket after a grace that
// lets the client read the answer. Reading stays stopped, so the rest of the body is never read.
import type http from 'node:http';

/** How long a client gets to read the answer before the connection is destroyed. */
export const CLOSE_GRACE_MS = 2000;

/** Call before answering: the response goes out with `connection: close`, then the gentle close. */
export function closeAfterResponse(request: http.IncomingMessage, response: http.ServerResponse, graceMs = CLOSE_GRACE_MS): void {
  response.setHeader('connection', 'close');
  const socket = request.socket;
  // Node calls destroySoon() on the socket once a `connection: close` response is finished.
  socket.destroySoon = () => {
    // Node resumes an unconsumed request to discard its body; pausing it stops the socket's reads.
    request.pause();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), graceMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}
