// A second start on a port already taken must fail at once with a message saying so, before
// the embedded PostgreSQL spends seconds starting for a server that cannot listen. The real
// listen still reports EADDRINUSE should the port be taken in between; both say the same.
import net from 'node:net';

export class PortInUseError extends Error {
  constructor(port: number, host: string) {
    super(`port ${port} on ${host} is in use: is another gatehouse running? stop it or set PORT to a free port`);
  }
}

export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}
