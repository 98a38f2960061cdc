// HTTP load from a process of its own (autocannon), so that the load generator is not what
// limits the figures: an in-process client tops out well below what the server answers. Every
// response must equal the first one, which `check` has accepted, or it counts as an error.
// On a shared machine throughput swings with the neighbours; the server's own CPU time per
// request (from /proc, Linux) is a second reading of the same cost (at saturation throughput is
// its inverse), so it is reported too.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** The server process's CPU time (user and system) per request, when `serverPid` was given. */
  cpuUsPerRequest?: number;
}

/** A result as the bench's tables show it: req/s, p50 and p99 ms, the server's CPU µs per request. */
export const formatLoad = (r: LoadResult): string =>
  `${String(r.requestsPerSecond).padStart(7)} ${r.p50Ms.toFixed(2).padStart(7)} ${r.p99Ms.toFixed(2).padStart(7)} ${(r.cpuUsPerRequest ?? Number.NaN).toFixed(0).padStart(12)}${r.errors ? `  (errors: ${r.errors})` : ''}`;

export interface LoadOptions {
  /** Sent with every request: a credential (every operation needs one). */
  headers?: Record<string, string>;
  /** The server's process, to measure its CPU time per request. */
  serverPid?: number;
}

/** Clock ticks per second of /proc/<pid>/stat: USER_HZ, 100 on every Linux build that matters. */
const USER_HZ = 100;

/** CPU milliseconds a process has used, user and system; undefined without /proc. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last parenthesis): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** The JSON summary autocannon prints with --json (the fields used here). */
interface AutocannonSummary {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
}

function autocannon(args: string[]): Promise<AutocannonSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AUTOCANNON, '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as AutocannonSummary);
    });
  });
}

/** Loads `url` with POSTs of `body` from `concurrency` connections for `seconds`, after a 1-second warm-up. */
export async function runLoad(
  url: string,
  body: string,
  concurrency: number,
  seconds: number,
  check: (json: any) => boolean,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const headers = options.headers ?? {};
  // fetch sets `host` itself, to the value a signature of `url` covers.
  const { host: _host, ...fetchHeaders } = headers;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...fetchHeaders }, body });
  const expected = await response.text();
  if (!check(JSON.parse(expected))) throw new Error(`the benchmark request does not answer as expected: ${expected.slice(0, 300)}`);
  const args = (duration: number) => [
    '-c', String(concurrency),
    '-d', String(duration),
    '-m', 'POST',
    '-H', 'content-type=application/json',
    ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
    '-b', body,
    '-E', expected,
    url,
  ];
  // The warm-up is a run of its own, so that the CPU time measured is the measured run's alone.
  await autocannon(args(1));
  const cpuBefore = options.serverPid === undefined ? undefined : cpuMs(options.serverPid);
  const summary = await autocannon(args(seconds));
  const cpuAfter = options.serverPid === undefined ? undefined : cpuMs(options.serverPid);
  return {
    requestsPerSecond: Math.round(summary.requests.average),
    p50Ms: summary.latency.p50,
    p99Ms: summary.latency.p99,
    errors: summary.errors + summary.timeouts + summary.mismatches + summary.non2xx,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && summary.requests.total > 0
      ? { cpuUsPerRequest: ((cpuAfter - cpuBefore) * 1000) / summary.requests.total }
      : {}),
  };
}
