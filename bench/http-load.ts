// HTTP load from a process of its own (autocannon), so that the load generator is not what
// limits the figures: an in-process client tops out well below what the server answers. Every
// response must equal the first one, which `check` has accepted, or it counts as an error.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** The JSON summary autocannon prints with --json (the fields used here). */
interface AutocannonSummary {
  requests: { average: number };
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

/** Loads `url` with POSTs of `body` and `headers` (a credential: every operation needs one). */
export async function runLoad(
  url: string,
  body: string,
  concurrency: number,
  seconds: number,
  check: (json: any) => boolean,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  // fetch sets `host` itself, to the value a signature of `url` covers.
  const { host: _host, ...fetchHeaders } = headers;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...fetchHeaders }, body });
  const expected = await response.text();
  if (!check(JSON.parse(expected))) throw new Error(`the benchmark request does not answer as expected: ${expected.slice(0, 300)}`);
  const summary = await autocannon([
    '-c', String(concurrency),
    '-d', String(seconds),
    '-W', '[', '-c', String(concurrency), '-d', '1', ']',
    '-m', 'POST',
    '-H', 'content-type=application/json',
    ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
    '-b', body,
    '-E', expected,
    url,
  ]);
  return {
    requestsPerSecond: Math.round(summary.requests.average),
    p50Ms: summary.latency.p50,
    p99Ms: summary.latency.p99,
    errors: summary.errors + summary.timeouts + summary.mismatches + summary.non2xx,
  };
}
