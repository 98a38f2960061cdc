// List pages in a small account and in a large one, measured the same way in the same run: a
// page should cost about the same at 100,000 entities as at 1,000, and deep in the list as at its
// start. Rows are written with SQL (the API would take minutes for 100,000 users); every page is
// read through the API.
import pg from 'pg';
import { runLoad } from './http-load.ts';

const SMALL = 1_000;
const LARGE = 100_000;
const PATHS = 10;

interface ListKind {
  readonly table: string;
  readonly field: string;
  readonly nameField: string;
  readonly idPrefix: string;
  /** extra columns every row needs, as SQL values */
  readonly extra: Readonly<Record<string, string>>;
}

const LISTS: readonly ListKind[] = [
  { table: 'User', field: 'users', nameField: 'userName', idPrefix: 'AIDA', extra: {} },
  { table: 'Group', field: 'groups', nameField: 'groupName', idPrefix: 'AGPA', extra: {} },
  { table: 'Role', field: 'roles', nameField: 'roleName', idPrefix: 'AROA', extra: { assumeRolePolicyDocument: `'{}'` } },
  { table: 'Policy', field: 'policies', nameField: 'policyName', idPrefix: 'ANPA', extra: { defaultVersionNumber: '1', nextVersionNumber: '2' } },
];

/** Adds rows `from` .. `to - 1` of each list: names `<kind>-000042`, paths `/team-<n % 10>/`. */
async function seed(db: pg.Client, accountId: string, from: number, to: number): Promise<void> {
  for (const list of LISTS) {
    const name = `'${list.field.slice(0, 4)}-' || lpad(i::text, 6, '0')`;
    const columns = ['id', '"accountId"', 'name', '"nameKey"', 'path', ...Object.keys(list.extra).map((c) => `"${c}"`)];
    const values = [`'${list.idPrefix}' || lpad(i::text, 17, '0')`, '$1', name, name, `'/team-' || (i % ${PATHS}) || '/'`, ...Object.values(list.extra)];
    await db.query(`INSERT INTO "${list.table}" (${columns.join(', ')}) SELECT ${values.join(', ')} FROM generate_series($2::int, $3::int - 1) AS i`, [accountId, from, to]);
    await db.query(`ANALYZE "${list.table}"`);
  }
}

interface Variant {
  readonly label: string;
  readonly args: (list: ListKind) => string;
}

const VARIANTS: readonly Variant[] = [
  { label: 'first page', args: () => '' },
  { label: 'pathPrefix', args: () => ', pathPrefix: "/team-3/"' },
  // the same 100 names match at either size, so the page is the same size too
  { label: 'namePrefix', args: (list) => `, namePrefix: "${list.field.slice(0, 4)}-0000"` },
];

/** A credential's headers: every request needs one. */
type CredentialHeaders = Record<string, string>;

async function gql(url: string, query: string, credential: CredentialHeaders): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...credential }, body: JSON.stringify({ query }) });
  const json = (await response.json()) as { data?: any; errors?: unknown };
  if (json.errors) throw new Error(`bench query failed: ${JSON.stringify(json.errors)}`);
  return json.data;
}

/** The cursor of the page nine tenths into the list, found by paging as a client would. */
async function deepCursor(url: string, list: ListKind, size: number, credential: CredentialHeaders): Promise<string> {
  let after: string | null = null;
  for (let page = 0; page < Math.floor((size * 0.9) / 100); page++) {
    const data: any = await gql(url, `{ ${list.field}(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { endCursor } } }`, credential);
    after = data[list.field].pageInfo.endCursor;
  }
  return after!;
}

async function measure(url: string, size: number, seconds: number, credential: CredentialHeaders): Promise<Map<string, number>> {
  const rates = new Map<string, number>();
  for (const list of LISTS) {
    const queries: [string, string][] = VARIANTS.map((v) => [v.label, `{ ${list.field}(first: 100${v.args(list)}) { nodes { ${list.nameField} } } }`]);
    queries.push(['deep page', `{ ${list.field}(first: 100, after: "${await deepCursor(url, list, size, credential)}") { nodes { ${list.nameField} } } }`]);
    for (const [label, query] of queries) {
      const result = await runLoad(url, JSON.stringify({ query }), 1, seconds, (json) => Array.isArray(json.data?.[list.field]?.nodes), { headers: credential });
      rates.set(`${list.field} ${label}`, result.errors ? Number.NaN : result.requestsPerSecond);
    }
  }
  return rates;
}

/** Measures every list at 1,000 and at 100,000 rows, sending `credential`; returns the report's lines. */
export async function benchLists(url: string, databaseUrl: string, seconds: number, credential: CredentialHeaders): Promise<string> {
  const accountId = (await gql(url, '{ account { accountId } }', credential)).account.accountId as string;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await seed(db, accountId, 0, SMALL);
    const small = await measure(url, SMALL, seconds, credential);
    await seed(db, accountId, SMALL, LARGE);
    const large = await measure(url, LARGE, seconds, credential);
    const lines = ['list, 100 per page (1 client)   | req/s at 1,000 | req/s at 100,000 | cost ratio (goal <= 1.5)'];
    for (const [key, rate] of small) {
      const big = large.get(key) ?? Number.NaN;
      lines.push(`${key.padEnd(32)} | ${String(rate).padStart(14)} | ${String(big).padStart(16)} | ${(rate / big).toFixed(2)}`);
    }
    return lines.join('\n');
  } finally {
    await db.end();
  }
}
