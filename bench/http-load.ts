// A closed-loop HTTP load generator: `concurrency` workers each send the next request as soon
// as the previous answer arrives, for a fixed time after a warm-up. Loopback only.
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export async function runLoad(url: string, body: string, concurrency: number, seconds: number, check: (json: any) => boolean): Promise<LoadResult> {
  const send = async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return check(await response.json());
  };
  const warmUntil = performance.now() + 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < warmUntil) await send();
  }));
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      if (!(await send())) errors++;
      latencies.push(performance.now() - sent);
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requestsPerSecond: Math.round(latencies.length / elapsed), p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), errors };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
