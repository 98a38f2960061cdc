// What the decision log costs: evaluateAccess over HTTP against two server processes on one
// database, one with GATEHOUSE_DECISION_LOG=off and one with it on, interleaved in the same run
// (the machine is shared and noisy, so the ratio is the figure to read). Every evaluateAccess
// with the log on records a decision; the rows written are counted afterwards to show that the
// log kept up (or how many it dropped).
import pg from 'pg';
import { realisticEvaluation } from './seed.ts';
import { formatLoad, runLoad, type LoadResult } from './http-load.ts';

export interface BenchServer {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface DecisionLogBench {
  /** Starts a server process on the bench database with these extra environment variables. */
  startServer(env: Record<string, string>): Promise<BenchServer>;
  databaseUrl: string;
  /** A credential valid on every server of the database (a session lives in the database). */
  headers: Record<string, string>;
  /** A stored principal whose policies allow `s3:PutObject` below (bench/seed.ts). */
  principal: string;
  seconds: number;
  rounds: number;
}

/** Goal: the log costs at most 10% of evaluateAccess's throughput. */
const GOAL = 0.9;

export async function benchDecisionLog(options: DecisionLogBench): Promise<string> {
  const { body, check } = realisticEvaluation(options.principal);
  const off = await options.startServer({ GATEHOUSE_DECISION_LOG: 'off' });
  const on = await options.startServer({ GATEHOUSE_DECISION_LOG: 'on' });
  const lines = [`concurrency | log |   req/s  p50 ms  p99 ms  CPU µs/req   (best of ${options.rounds} interleaved runs)`];
  let requestsWithLog = 0;
  try {
    for (const concurrency of [1, 10, 50]) {
      const best = new Map<string, LoadResult>();
      for (let round = 0; round < options.rounds; round++) {
        for (const [name, server] of [['off', off], ['on', on]] as const) {
          const result = await runLoad(server.url, body, concurrency, options.seconds, check, { headers: options.headers, serverPid: server.pid });
          if (name === 'on') requestsWithLog += Math.round(result.requestsPerSecond * options.seconds);
          if (result.requestsPerSecond > (best.get(name)?.requestsPerSecond ?? -1)) best.set(name, result);
        }
      }
      for (const name of ['off', 'on']) lines.push(`${String(concurrency).padStart(11)} | ${name.padEnd(3)} | ${formatLoad(best.get(name)!)}`);
      const a = best.get('on')!;
      const b = best.get('off')!;
      const byRate = a.requestsPerSecond / b.requestsPerSecond;
      const byCpu = (b.cpuUsPerRequest ?? Number.NaN) / (a.cpuUsPerRequest ?? Number.NaN);
      lines.push(`${' '.repeat(11)} | on / off: ${byRate.toFixed(2)} by req/s: ${byRate >= GOAL ? 'ok' : 'BELOW GOAL'} (goal >= ${GOAL}); ${byCpu.toFixed(2)} by CPU`);
    }
  } finally {
    // stopping flushes what the log still holds
    await on.stop();
    await off.stop();
  }
  const rows = await countRows(options.databaseUrl);
  lines.push(`decisions recorded: ${rows} rows for about ${requestsWithLog} evaluateAccess requests with the log on (warm-up included in the rows, not in the estimate)`);
  return lines.join('\n');
}


async function countRows(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM "DecisionLogEntry"');
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}
