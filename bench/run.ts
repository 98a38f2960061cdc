// npm run bench: the policy engine on its own, then evaluateAccess over HTTP next to a trivial
// GraphQL query measured the same way in the same run (the machine is shared and noisy, so
// the ratios are the figures to read), each sent with a session (Bearer) and signed with an
// access key (SigV4). The server runs in its own process on a fresh database.
import { freshDatabase, ROOT_EMAIL, ROOT_PASSWORD, startServer } from './bench-server.ts';
import { benchDecisionLog } from './decision-log.ts';
import { benchEngine, formatEngineReport } from './engine.ts';
import { benchLists } from './lists.ts';
import { createSigningKey, signedHeaders, signInRoot } from './credentials.ts';
import { formatLoad, runLoad, type LoadResult } from './http-load.ts';
import { benchPermissions } from './permissions.ts';
import { realisticEvaluation, seedRealisticPrincipal } from './seed.ts';
import { benchSelfAuthorization, signInIamCaller } from './self-authorization.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
/** Credential runs per cell, interleaved: the best is the least disturbed by a shared machine. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** The goals of issue 8: evaluateAccess against `{ __typename }`, and SigV4 against Bearer. */
const EVALUATE_GOAL = 0.7;
const SIGV4_GOAL = 0.85;

console.log('== policy engine (one core, in process)');
console.log(formatEngineReport(await benchEngine()));
console.log(`\n== effective permissions (server in this process, its own database; ratios to one evaluateAccess)\n${await benchPermissions()}`);

console.log(`\n== HTTP (server in its own process, load from autocannon in another; ${SECONDS}s per run after 1s warm-up)`);
const database = await freshDatabase();
const server = await startServer(database.url);
try {
  const bearer = await signInRoot(server.url, ROOT_EMAIL, ROOT_PASSWORD);
  const principal = await seedRealisticPrincipal(server.url, bearer);
  const key = await createSigningKey(server.url, bearer, principal);
  const queries = [
    { label: '{ __typename }', body: JSON.stringify({ query: '{ __typename }' }), check: (json: any) => json.data?.__typename === 'Query' },
    { label: 'evaluateAccess', ...realisticEvaluation(principal) },
  ] as const;
  // Two readings of one ratio: throughput, and the inverse of the server's CPU per request.
  const verdict = (results: Map<string, LoadResult>, of: string, against: string, goal: number) => {
    const a = results.get(of)!;
    const b = results.get(against)!;
    const byRate = a.requestsPerSecond / b.requestsPerSecond;
    const byCpu = (b.cpuUsPerRequest ?? Number.NaN) / (a.cpuUsPerRequest ?? Number.NaN);
    // The goal is one of throughput; the CPU reading tells noise (the neighbours') from cost (ours).
    return `${byRate.toFixed(2)} by req/s: ${byRate >= goal ? 'ok' : 'BELOW GOAL'} (goal >= ${goal}); ${byCpu.toFixed(2)} by CPU`;
  };
  console.log(`concurrency | query          | credential |   req/s  p50 ms  p99 ms  CPU µs/req   (best of ${ROUNDS} interleaved runs)`);
  for (const concurrency of [1, 10, 50]) {
    const results = new Map<string, LoadResult>();
    for (const query of queries) {
      for (let round = 0; round < ROUNDS; round++) {
        for (const credential of ['Bearer', 'SigV4'] as const) {
          // Signed right before its run: autocannon replays this one request for seconds, well within the 5 minutes a signature lasts.
          const headers = credential === 'Bearer' ? bearer : await signedHeaders(server.url, query.body, key);
          const result = await runLoad(server.url, query.body, concurrency, SECONDS, query.check, { headers, serverPid: server.pid });
          const name = `${query.label} ${credential}`;
          if (result.requestsPerSecond > (results.get(name)?.requestsPerSecond ?? -1)) results.set(name, result);
        }
      }
      for (const credential of ['Bearer', 'SigV4']) {
        console.log(`${String(concurrency).padStart(11)} | ${query.label.padEnd(14)} | ${credential.padEnd(10)} | ${formatLoad(results.get(`${query.label} ${credential}`)!)}`);
      }
    }
    const pad = ' '.repeat(11);
    console.log(`${pad} | evaluateAccess / { __typename }, both Bearer: ${verdict(results, 'evaluateAccess Bearer', '{ __typename } Bearer', EVALUATE_GOAL)}`);
    console.log(`${pad} | SigV4 / Bearer, { __typename }:              ${verdict(results, '{ __typename } SigV4', '{ __typename } Bearer', SIGV4_GOAL)}`);
    // the signer is an IAM user and Bearer the root: this ratio includes self-authorization too
    console.log(`${pad} | SigV4 / Bearer, evaluateAccess:              ${verdict(results, 'evaluateAccess SigV4', 'evaluateAccess Bearer', SIGV4_GOAL)}`);
  }
  console.log(`\n== self-authorization: the same calls by root and by a signed-in IAM user allowed exactly them (${SECONDS}s per run)`);
  const iamUser = await signInIamCaller(server.url, bearer, principal);
  console.log(await benchSelfAuthorization({ url: server.url, databaseUrl: database.url, serverPid: server.pid, seconds: SECONDS, rounds: ROUNDS, concurrencies: [1, 10], root: bearer, user: iamUser, principal }));
  // last: it fills the account with 100,000 of each entity
  console.log(`\n== lists (${SECONDS}s per page kind and size)`);
  console.log(await benchLists(server.url, database.url, SECONDS, bearer));
  console.log(`\n== decision log (evaluateAccess, Bearer; two server processes on the same database, GATEHOUSE_DECISION_LOG off and on; ${SECONDS}s per run)`);
  console.log(
    await benchDecisionLog({
      startServer: (env) => startServer(database.url, env),
      databaseUrl: database.url,
      headers: bearer,
      principal,
      seconds: SECONDS,
      rounds: ROUNDS,
    }),
  );
} finally {
  await server.stop();
  await database.stop();
}
