// The "Speed" figures of issue 10, each as a ratio to one evaluateAccess measured the same way in
// the same run: whoCan's first page of 100 (goal <= 20x) and its rate of examining candidates
// against the engine's decisions per second (goal >= 0.25), principalPermissions over a
// 500-action catalog (goal <= 50x), accessFilter (goal <= 5x). The account (10,000 users, 1,000
// groups, 2,000 roles, 5,000 policies; BENCH_PERMISSIONS_SCALE shrinks it) is written with SQL;
// every figure is read through the API of a server in this process, one request at a time,
// with warm caches (the cold snapshot load after a write is reported on its own).
// Run: npx tsx bench/permissions.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { bootstrap } from '../src/auth/bootstrap.ts';
import { PasswordHasher } from '../src/auth/password-hasher.ts';
import { DEFAULT_AUTH_SETTINGS } from '../src/auth/settings.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { createPrisma } from '../src/db/prisma.ts';
import { DEFAULT_QUERY_LIMITS } from '../src/graphql/query-limits.ts';
import { DEFAULT_HTTP_LIMITS } from '../src/http/http-limits.ts';
import { createLogger } from '../src/logger.ts';
import { buildRequestContext, compilePolicy, createPolicySet, parsePrincipal, type CompiledPolicy, type EvaluationInput } from '../src/policy/index.ts';
import { createServer } from '../src/server.ts';
import { AccessEvaluator } from '../src/services/access/access-evaluator.ts';
import { EffectivePermissions } from '../src/services/permissions/effective-permissions.ts';
import type { AccessLevel, CatalogAction } from '../src/services/catalog/catalog.ts';
import { StaticServiceCatalog } from '../src/services/catalog/static-catalog.ts';
import { measure } from './measure.ts';

const SCALE = Number(process.env.BENCH_PERMISSIONS_SCALE ?? 1);
const SIZES = { users: 10_000, groups: 1_000, roles: 2_000, policies: 5_000 };
const SERVICES = 40;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const EMAIL = 'bench@gatehouse.test';
const PASSWORD = 'bench password for permissions';

// Statements as a realistic managed policy writes them: reads by prefix on a data path, a
// tag-conditioned write, a deny on an admin path.
function policyDocument(service: number, index: number): string {
  const svc = `svc${service}`;
  return JSON.stringify({ Version: '2012-10-17', Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: [`${svc}:Get*`, `${svc}:List*`], Resource: `arn:aws:${svc}:::data/*` },
    { Sid: 'Write', Effect: 'Allow', Action: `${svc}:Put${index % 7}`, Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
    { Sid: 'NoAdmin', Effect: 'Deny', Action: `${svc}:*`, Resource: `arn:aws:${svc}:::admin/*` },
  ] });
}

function catalogOf500(): StaticServiceCatalog {
  const levels: Array<[string, AccessLevel]> = [['Get', 'Read'], ['List', 'List'], ['Put', 'Write'], ['Delete', 'Write'], ['Tag', 'Tagging']];
  return new StaticServiceCatalog(Array.from({ length: 10 }, (_, s) => ({
    prefix: `svc${s}`,
    name: `Service ${s}`,
    actions: levels.flatMap(([verb, accessLevel]) => Array.from({ length: 10 }, (_, i): CatalogAction => ({ service: `svc${s}`, name: `${verb}${i}`, accessLevel, resourceTypes: [], conditionKeys: [] }))),
  })));
}

async function seed(db: pg.Client, accountId: string, n: typeof SIZES): Promise<void> {
  const q = (text: string, values: unknown[] = []) => db.query(text, values);
  const series = (count: number) => `generate_series(0, ${count - 1}) AS i`;
  const docs = Array.from({ length: n.policies }, (_, i) => policyDocument(i % SERVICES, i));
  await q(`INSERT INTO "Policy" (id, "accountId", name, "nameKey", path, "defaultVersionNumber", "nextVersionNumber")
    SELECT 'ANPA' || lpad(i::text, 17, '0'), $1, 'pol-' || lpad(i::text, 6, '0'), 'pol-' || lpad(i::text, 6, '0'), '/', 1, 2 FROM ${series(n.policies)}`, [accountId]);
  await q(`INSERT INTO "PolicyVersion" (id, "policyId", "versionNumber", document)
    SELECT gen_random_uuid(), 'ANPA' || lpad((d.ordinality - 1)::text, 17, '0'), 1, d.doc FROM unnest($1::text[]) WITH ORDINALITY AS d(doc, ordinality)`, [docs]);
  await q(`INSERT INTO "Group" (id, "accountId", name, "nameKey", path) SELECT 'AGPA' || lpad(i::text, 17, '0'), $1, 'grp-' || lpad(i::text, 6, '0'), 'grp-' || lpad(i::text, 6, '0'), '/' FROM ${series(n.groups)}`, [accountId]);
  await q(`INSERT INTO "User" (id, "accountId", name, "nameKey", path) SELECT 'AIDA' || lpad(i::text, 17, '0'), $1, 'usr-' || lpad(i::text, 6, '0'), 'usr-' || lpad(i::text, 6, '0'), '/' FROM ${series(n.users)}`, [accountId]);
  await q(`INSERT INTO "Role" (id, "accountId", name, "nameKey", path, "assumeRolePolicyDocument") SELECT 'AROA' || lpad(i::text, 17, '0'), $1, 'rol-' || lpad(i::text, 6, '0'), 'rol-' || lpad(i::text, 6, '0'), '/', '{}' FROM ${series(n.roles)}`, [accountId]);
  const policy = (expr: string) => `'ANPA' || lpad(((${expr}) % ${n.policies})::text, 17, '0')`;
  // each group 3 policies; each user 2 groups and 2 policies of its own; each role 2 policies
  await q(`INSERT INTO "PolicyAttachment" (id, "policyId", "groupId") SELECT gen_random_uuid(), ${policy('i * 3 + k')}, 'AGPA' || lpad(i::text, 17, '0') FROM ${series(n.groups)}, generate_series(0, 2) AS k`);
  await q(`INSERT INTO "PolicyAttachment" (id, "policyId", "userId") SELECT gen_random_uuid(), ${policy(`i * 2 + k + ${Math.floor(n.policies / 5)}`)}, 'AIDA' || lpad(i::text, 17, '0') FROM ${series(n.users)}, generate_series(0, 1) AS k`);
  await q(`INSERT INTO "PolicyAttachment" (id, "policyId", "roleId") SELECT gen_random_uuid(), ${policy(`i * 3 + k * 7 + ${Math.floor(n.policies / 2)}`)}, 'AROA' || lpad(i::text, 17, '0') FROM ${series(n.roles)}, generate_series(0, 1) AS k`);
  await q(`INSERT INTO "GroupMembership" ("userId", "groupId") SELECT DISTINCT 'AIDA' || lpad(i::text, 17, '0'), 'AGPA' || lpad(((i * k * 7 + k) % ${n.groups})::text, 17, '0') FROM ${series(n.users)}, generate_series(1, 2) AS k`);
  await q(`INSERT INTO "Tag" (id, key, "keyLower", value, "userId") SELECT gen_random_uuid(), 'team', 'team', 'red', 'AIDA' || lpad(i::text, 17, '0') FROM ${series(n.users)} WHERE i % 2 = 0`);
  for (const table of ['Policy', 'PolicyVersion', 'Group', 'User', 'Role', 'PolicyAttachment', 'GroupMembership', 'Tag']) await q(`ANALYZE "${table}"`);
}

/** Mean milliseconds of one request, sent one at a time for about `seconds`. */
async function timeQuery(url: string, token: string, body: string, check: (json: any) => boolean, seconds: number): Promise<number> {
  const send = async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const json = await response.json();
    if (!check(json)) throw new Error(`bench query failed: ${JSON.stringify(json).slice(0, 500)}`);
  };
  for (let i = 0; i < 5; i++) await send();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || count < 5) {
    await send();
    count++;
  }
  return (performance.now() - start) / count;
}

// The engine deciding whoCan's request for the seeded users it reaches, round-robin, each with
// its own policy set and context built beforehand: the engine's decisions per second on the
// very principals whoCan examines (the seed's attachment formulas, mirrored).
function engineRate(n: typeof SIZES, accountId: string): number {
  const compiled = new Map<number, CompiledPolicy>();
  const policy = (p: number) => {
    let c = compiled.get(p);
    if (!c) compiled.set(p, (c = compilePolicy(policyDocument(p % SERVICES, p), { id: `p${p}`, type: 'IDENTITY' })));
    return c;
  };
  const inputs: EvaluationInput[] = [];
  for (let i = 0; i < n.users && inputs.length < 1000; i++) {
    const groups = [...new Set([1, 2].map((k) => (i * k * 7 + k) % n.groups))];
    const numbers = [...[0, 1].map((k) => (i * 2 + k + Math.floor(n.policies / 5)) % n.policies), ...groups.flatMap((g) => [0, 1, 2].map((k) => (g * 3 + k) % n.policies))];
    if (!numbers.some((p) => p % SERVICES === 3)) continue;
    const principal = `arn:aws:iam::${accountId}:user/usr-${String(i).padStart(6, '0')}`;
    const context = i % 2 === 0 ? [{ key: 'aws:PrincipalTag/team', values: ['red'] }] : [];
    inputs.push({
      request: { principal, action: 'svc3:GetThing', resource: 'arn:aws:svc3:::data/x', context },
      requestContext: buildRequestContext(context, parsePrincipal(principal)),
      identityPolicies: createPolicySet(numbers.map(policy)),
    });
  }
  return measure(inputs, 600);
}

// whoCan's own work, without HTTP and GraphQL: the service deciding every candidate, warm.
async function examineInProcess(prisma: ReturnType<typeof createPrisma>, accountId: string, candidates: number): Promise<number> {
  const evaluator = new AccessEvaluator(prisma, 'aws');
  const permissions = new EffectivePermissions(prisma, 'aws', evaluator, new StaticServiceCatalog());
  const epoch = (await prisma.accountPolicyEpoch.findUnique({ where: { accountId } }))?.value ?? 0n;
  const at = { accountId, now: new Date(), epoch: async () => epoch };
  const run = () => permissions.whoCan(at, { action: 'svc3:GetThing', resource: 'arn:aws:svc3:::data/x', first: 1000 });
  await run();
  await run();
  let examined = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) examined += (await run()).examined;
  if (examined === 0 || candidates === 0) return 0;
  return examined / ((performance.now() - start) / 1000);
}

const gqlBody = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export async function benchPermissions(): Promise<string> {
  const n = { users: Math.round(SIZES.users * SCALE), groups: Math.round(SIZES.groups * SCALE), roles: Math.round(SIZES.roles * SCALE), policies: Math.round(SIZES.policies * SCALE) };
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-permissions-'));
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  const prisma = createPrisma(postgres.url);
  try {
    await applyMigrations(postgres.url);
    const hasher = new PasswordHasher(DEFAULT_AUTH_SETTINGS.argon2, DEFAULT_AUTH_SETTINGS.maxConcurrentHashes);
    const { account } = await bootstrap(prisma, hasher, { rootEmail: EMAIL, rootPassword: PASSWORD });
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    const seedStart = performance.now();
    await seed(db, account.id, n).finally(() => db.end());
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const server = await createServer({
      prisma, databaseUrl: postgres.url, logger: createLogger('silent'), partition: 'aws', port: 0, host: '127.0.0.1',
      auth: DEFAULT_AUTH_SETTINGS, masterKey: randomBytes(32), passwordHasher: hasher, serviceCatalog: catalogOf500(),
      queryLimits: { ...DEFAULT_QUERY_LIMITS, maxCost: 1_000_000 },
      // one principal sends thousands of whoCan pages a minute here: the bench measures speed, not the limit
      heavyLimits: { perPrincipal: 0 },
      // fetch keeps its connections, idle between phases: the per-socket cap and the keep-alive
      // timeout would reset one just as it is reused
      httpLimits: { ...DEFAULT_HTTP_LIMITS, maxRequestsPerSocket: 0, keepAliveTimeoutMs: 120_000 },
    });
    try {
      const signIn = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gqlBody('mutation($i: SignInInput!) { signIn(input: $i) { sessionToken } }', { i: { email: EMAIL, password: PASSWORD } }) });
      const token = ((await signIn.json()) as any).data.signIn.sessionToken as string;
      const user = `arn:aws:iam::${account.id}:user/usr-000000`;
      const userPolicyService = Math.floor(n.policies / 5) % SERVICES;
      const action = `svc${userPolicyService}:GetThing`;
      const resource = `arn:aws:svc${userPolicyService}:::data/x`;
      const evaluate = gqlBody('query($i: EvaluateAccessInput!) { evaluateAccess(input: $i) { decision } }', { i: { principal: user, action, resource } });
      const whoCanPage = (first: number, after: string | null) => gqlBody('query($f: Int!, $a: String) { whoCan(action: "svc3:GetThing", resource: "arn:aws:svc3:::data/x", first: $f, after: $a) { examined complete principals { principalArn access } pageInfo { hasNextPage endCursor } } }', { f: first, a: after });
      const permissions = gqlBody('query($p: String!) { principalPermissions(principal: $p, first: 500) { complete actions { action access } services { access } } }', { p: user });
      const filter = gqlBody('query($p: String!, $a: String!) { accessFilter(principal: $p, action: $a) { result include { arnTests { patterns } } exclude { arnTests { patterns } } } }', { p: user, a: action });

      const post = async (body: string) => ((await (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body })).json()) as any);
      // the first call loads the account's snapshot; on a loaded machine that may outlast the
      // request's deadline (the load still completes and is kept), so wait for it as a client would
      const coldStart = performance.now();
      let firstPage: any;
      for (let attempt = 0; attempt < 5 && !firstPage?.data; attempt++) {
        firstPage = await post(whoCanPage(100, null)).catch(() => undefined);
      }
      const coldMs = performance.now() - coldStart;
      // every candidate, page after page, to count what the index hands out and how fast (the
      // first pass prepares each candidate once per snapshot; the second is the warm rate)
      const scan = async () => {
        let examined = 0;
        let allowed = 0;
        let after: string | null = null;
        const start = performance.now();
        for (;;) {
          const page: any = (await post(whoCanPage(1000, after))).data.whoCan;
          examined += page.examined;
          allowed += page.principals.length;
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        return { examined, allowed, perSecond: examined / ((performance.now() - start) / 1000) };
      };
      const coldScan = await scan();
      const { examined, allowed, perSecond: examinedPerSecond } = await scan();
      const inProcess = await examineInProcess(prisma, account.id, examined);
      const engine = engineRate(n, account.id);

      const evaluateMs = await timeQuery(server.url, token, evaluate, (j) => j.data?.evaluateAccess?.decision === 'ALLOWED', SECONDS);
      const whoCanMs = await timeQuery(server.url, token, whoCanPage(100, null), (j) => j.data?.whoCan?.principals?.length === 100, SECONDS);
      const permissionsMs = await timeQuery(server.url, token, permissions, (j) => j.data?.principalPermissions?.actions?.length === 500, SECONDS);
      const filterMs = await timeQuery(server.url, token, filter, (j) => j.data?.accessFilter?.result === 'SOME', SECONDS);
      const ratio = (ms: number) => (ms / evaluateMs).toFixed(1);
      return [
        `account: ${n.users.toLocaleString('en-US')} users, ${n.groups.toLocaleString('en-US')} groups, ${n.roles.toLocaleString('en-US')} roles, ${n.policies.toLocaleString('en-US')} policies (seeded with SQL in ${seedSeconds.toFixed(1)} s)`,
        `evaluateAccess (one request at a time): ${evaluateMs.toFixed(2)} ms`,
        `whoCan first page of 100: ${whoCanMs.toFixed(2)} ms = ${ratio(whoCanMs)}x evaluateAccess (goal <= 20); first call after the seed, loading the account snapshot: ${coldMs.toFixed(0)} ms (${firstPage?.data?.whoCan?.examined} examined, complete: ${firstPage?.data?.whoCan?.complete})`,
        `whoCan candidates: ${examined.toLocaleString('en-US')} of ${(n.users + n.roles).toLocaleString('en-US')} principals examined (${allowed.toLocaleString('en-US')} allowed); examined in process ${Math.round(inProcess).toLocaleString('en-US')}/s = ${(inProcess / engine).toFixed(2)} of the engine's ${engine.toLocaleString('en-US')} decisions/s on the same principals (goal >= 0.25); through the API, pages of 1000: ${Math.round(examinedPerSecond).toLocaleString('en-US')}/s warm, ${Math.round(coldScan.perSecond).toLocaleString('en-US')}/s on first use`,
        `principalPermissions over a 500-action catalog: ${permissionsMs.toFixed(2)} ms = ${ratio(permissionsMs)}x evaluateAccess (goal <= 50)`,
        `accessFilter: ${filterMs.toFixed(2)} ms = ${ratio(filterMs)}x evaluateAccess (goal <= 5)`,
      ].join('\n');
    } finally {
      await server.stop();
    }
  } finally {
    await prisma.$disconnect();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchPermissions());
}
