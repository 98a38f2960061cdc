// What the API's self-authorization costs (issue 9): `{ __typename }`, `users(first: 10)` and
// evaluateAccess, each by the root user (who never reaches the evaluator) and by a signed-in IAM
// user whose inline policy allows exactly these calls, measured the same way in interleaved
// runs. Goals: each call by the IAM user at least 0.90 of the same call by root, and
// evaluateAccess at least 0.70 of `{ __typename }` (by the IAM user, the case that pays both).
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { freshDatabase, ROOT_EMAIL, ROOT_PASSWORD, startServer } from './bench-server.ts';
import type { Caller } from '../src/auth/caller.ts';
import { authorizeCost } from './authorize-cost.ts';
import { signInRoot } from './credentials.ts';
import { formatLoad, runLoad, type LoadResult } from './http-load.ts';
import { realisticEvaluation, seedRealisticPrincipal } from './seed.ts';

const SELF_AUTHORIZATION_GOAL = 0.9;
const EVALUATE_GOAL = 0.7;
/** Users in the account besides the bench's own, so that a page of 10 is a page of a real list. */
const STAFF = 200;
const CALLER = 'bench-caller';

type Headers = Record<string, string>;

async function gql(url: string, headers: Headers, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const json = (await response.json()) as { data?: any; errors?: unknown[] };
  if (json.errors) throw new Error(`bench setup failed: ${JSON.stringify(json.errors)}`);
  return json.data;
}

/** The bench's IAM user, signed in. */
export interface IamCaller {
  readonly headers: Headers;
  /** As authentication builds it from the session, for the in-process reading. */
  readonly caller: Caller;
}

/**
 * Creates STAFF users and the IAM caller (login profile, an inline policy allowing iam:ListUsers
 * on the account's users and iam:SimulatePrincipalPolicy on `principal` alone) and signs it in.
 */
export async function signInIamCaller(url: string, root: Headers, principal: string): Promise<IamCaller> {
  const accountId = (await gql(url, root, '{ account { accountId } }')).account.accountId as string;
  for (let batch = 0; batch < STAFF; batch += 20) {
    const fields = Array.from({ length: Math.min(20, STAFF - batch) }, (_, i) => {
      const n = String(batch + i).padStart(3, '0');
      return `u${n}: createUser(input: {userName: "staff-${n}", path: "/staff/"}) { user { userId } }`;
    });
    await gql(url, root, `mutation { ${fields.join(' ')} }`);
  }
  const password = randomBytes(18).toString('base64url');
  const created = (await gql(url, root, `mutation { createUser(input: {userName: "${CALLER}"}) { user { userId arn } } }`)).createUser.user;
  await gql(url, root, 'mutation($i: CreateLoginProfileInput!) { createLoginProfile(input: $i) { loginProfile { userName } } }', {
    i: { userName: CALLER, password, passwordResetRequired: false },
  });
  const policyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'List', Effect: 'Allow', Action: 'iam:ListUsers', Resource: `arn:aws:iam::${accountId}:user/*` },
      { Sid: 'Simulate', Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: principal },
    ],
  };
  await gql(url, root, 'mutation($i: PutUserPolicyInput!) { putUserPolicy(input: $i) { __typename } }', { i: { userName: CALLER, policyName: 'bench', policyDocument } });
  const signIn = (await gql(url, {}, 'mutation($i: SignInInput!) { signIn(input: $i) { sessionToken expiration } }', { i: { account: accountId, userName: CALLER, password } })).signIn;
  const credential = { kind: 'Session' as const, sessionId: 'ASIABENCH', expiresAt: new Date(signIn.expiration), mfaAuthenticatedAt: null, passwordResetRequired: false };
  return {
    headers: { authorization: `Bearer ${signIn.sessionToken}` },
    caller: { accountId, arn: created.arn, type: 'User', userId: created.userId, userName: CALLER, credential },
  };
}

export interface SelfAuthorizationOptions {
  readonly url: string;
  readonly serverPid: number | undefined;
  readonly seconds: number;
  readonly rounds: number;
  readonly concurrencies: readonly number[];
  readonly databaseUrl: string;
  readonly root: Headers;
  readonly user: IamCaller;
  /** The principal evaluateAccess asks about (the user's policy allows simulating it alone). */
  readonly principal: string;
}

const CALLERS = ['root', 'IAM user'] as const;

function queriesFor(principal: string) {
  return [
    { label: '{ __typename }', body: JSON.stringify({ query: '{ __typename }' }), check: (json: any) => json.data?.__typename === 'Query' },
    {
      label: 'users(first: 10)',
      // no endCursor: a cursor is sealed afresh each time, and every answer must equal the first
      body: JSON.stringify({ query: '{ users(first: 10) { nodes { userName arn } pageInfo { hasNextPage } } }' }),
      check: (json: any) => json.data?.users?.nodes?.length === 10,
    },
    { label: 'evaluateAccess', ...realisticEvaluation(principal) },
  ] as const;
}


// The goal is one of throughput; the CPU reading tells the neighbours' noise from our own cost.
function verdict(of: LoadResult, against: LoadResult, goal: number): string {
  const byRate = of.requestsPerSecond / against.requestsPerSecond;
  const byCpu = (against.cpuUsPerRequest ?? Number.NaN) / (of.cpuUsPerRequest ?? Number.NaN);
  return `${byRate.toFixed(2)} by req/s: ${byRate >= goal ? 'PASS' : 'MISS'} (goal >= ${goal}); ${byCpu.toFixed(2)} by CPU`;
}

/** Runs the cells and returns the report's lines. */
export async function benchSelfAuthorization(options: SelfAuthorizationOptions): Promise<string> {
  const { url, serverPid, seconds, rounds, root, user } = options;
  const headers = { root, 'IAM user': user.headers };
  const queries = queriesFor(options.principal);
  let lastRoot: Map<string, LoadResult> | undefined;
  const lines = [`concurrency | query            | caller   |   req/s  p50 ms  p99 ms  CPU µs/req   (best of ${rounds} interleaved runs)`];
  for (const concurrency of options.concurrencies) {
    const best = new Map<string, LoadResult>();
    for (const query of queries) {
      // root and the IAM user alternate, so that a noisy neighbour disturbs both alike
      for (let round = 0; round < rounds; round++) {
        for (const caller of CALLERS) {
          const result = await runLoad(url, query.body, concurrency, seconds, query.check, { headers: headers[caller], ...(serverPid ? { serverPid } : {}) });
          const name = `${query.label} ${caller}`;
          if (result.requestsPerSecond > (best.get(name)?.requestsPerSecond ?? -1)) best.set(name, result);
        }
      }
      for (const caller of CALLERS) lines.push(`${String(concurrency).padStart(11)} | ${query.label.padEnd(16)} | ${caller.padEnd(8)} | ${formatLoad(best.get(`${query.label} ${caller}`)!)}`);
    }
    const pad = ' '.repeat(11);
    const get = (name: string) => best.get(name)!;
    for (const query of queries) {
      lines.push(`${pad} | IAM user / root, ${query.label.padEnd(18)} ${verdict(get(`${query.label} IAM user`), get(`${query.label} root`), SELF_AUTHORIZATION_GOAL)}`);
    }
    lines.push(`${pad} | evaluateAccess / { __typename }, IAM user: ${verdict(get('evaluateAccess IAM user'), get('{ __typename } IAM user'), EVALUATE_GOAL)}`);
    lines.push(`${pad} | evaluateAccess / { __typename }, root:     ${verdict(get('evaluateAccess root'), get('{ __typename } root'), EVALUATE_GOAL)}`);
    lastRoot = best;
  }
  // The steadier reading: what one warm authorization costs, against the server's CPU per root call.
  const costs = await authorizeCost(options.databaseUrl, user.caller, [
    { field: 'users', args: { first: 10 } },
    { field: 'evaluateAccess', args: { input: { principal: options.principal } } },
  ]);
  for (const [field, label] of [['users', 'users(first: 10)'], ['evaluateAccess', 'evaluateAccess']] as const) {
    const us = costs.get(field)!;
    const rootCpu = lastRoot?.get(`${label} root`)?.cpuUsPerRequest ?? Number.NaN;
    const expected = rootCpu / (rootCpu + us);
    lines.push(`in process, warm authorizeCall for ${label.padEnd(16)} ${us.toFixed(1).padStart(6)} µs = ${((100 * us) / rootCpu).toFixed(1)}% of root's ${rootCpu.toFixed(0)} µs/req: expected IAM user / root ${expected.toFixed(2)}: ${expected >= SELF_AUTHORIZATION_GOAL ? 'PASS' : 'MISS'}`);
  }
  return lines.join('\n');
}

// Run alone: npx tsx bench/self-authorization.ts (a server and database of its own)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const database = await freshDatabase();
  const server = await startServer(database.url);
  try {
    const root = await signInRoot(server.url, ROOT_EMAIL, ROOT_PASSWORD);
    const principal = await seedRealisticPrincipal(server.url, root);
    const user = await signInIamCaller(server.url, root, principal);
    console.log(await benchSelfAuthorization({ url: server.url, databaseUrl: database.url, serverPid: server.pid, seconds, rounds, concurrencies: [1, 10], root, user, principal }));
  } finally {
    await server.stop();
    await database.stop();
  }
}
