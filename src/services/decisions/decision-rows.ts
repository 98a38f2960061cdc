// A pending decision as the row it is stored as: every text cut to its column, and the deciding
// statements as evaluateAccess explains them (MatchedStatement with its policy source), kept up
// to MAX_STATEMENTS_BYTES of JSON; the rest are counted in `omitted`.
import type { MatchedStatement } from '../../policy/index.ts';
import type { PendingDecision } from './decision-entry.ts';

export const MAX_STATEMENTS_BYTES = 8192;

/** The stored form of `decidingStatements`. */
export interface StoredStatements {
  statements: unknown[];
  omitted: number;
}

/**
 * The rows as one JSON array of objects with short keys, for one INSERT ... SELECT FROM
 * jsonb_to_recordset: the database parses one text, where one array parameter per column would
 * have the driver escape every element. `j` is the entry's StoredStatements, inline.
 */
export function toJsonRows(entries: readonly PendingDecision[]): string {
  const rows: string[] = [];
  for (const entry of entries) {
    const { stamp, decision } = entry;
    const text = storable(JSON.stringify([
      stamp.accountId,
      stamp.time.toISOString(),
      stamp.requestId.slice(0, 128),
      stamp.callerArn.slice(0, 2048),
      entry.principalArn.slice(0, 2048),
      entry.action.slice(0, 256),
      entry.resource.slice(0, 2048),
      decision.decision,
      entry.source,
      entry.field.slice(0, 256),
    ]));
    rows.push(`{"v":${text},"j":${storedStatementsJson(decision.matchedStatements)}}`);
  }
  return `[${rows.join(',')}]`;
}

// Each statement is serialized once per loaded principal, and an entry's JSON is put together
// from the pieces. A label is made per policy each time a principal is loaded (load-principal.ts)
// and lives as long as that load, in which its policy and index name one statement; a new policy
// version means a new load, so a new label.
const serialized = new WeakMap<object, Map<string, string>>();

function statementJson(statement: MatchedStatement<unknown>): string {
  const label = statement.label;
  if (typeof label !== 'object' || label === null) return storable(JSON.stringify(statement));
  let byStatement = serialized.get(label);
  if (!byStatement) serialized.set(label, (byStatement = new Map()));
  const key = `${statement.policyId}|${statement.statementIndex}`;
  let json = byStatement.get(key);
  if (json === undefined) byStatement.set(key, (json = storable(JSON.stringify(statement))));
  return json;
}

function storedStatementsJson(matched: readonly MatchedStatement<unknown>[]): string {
  const parts: string[] = [];
  let size = 0;
  for (const statement of matched) {
    const json = statementJson(statement);
    // UTF-16 units, not bytes: near enough for a cap
    size += json.length + 1;
    if (size > MAX_STATEMENTS_BYTES) break;
    parts.push(json);
  }
  return `{"statements":[${parts.join(',')}],"omitted":${matched.length - parts.length}}`;
}

// PostgreSQL refuses U+0000 and lone surrogates in jsonb and text, and one refused row would
// fail its whole batch on every retry: JSON.stringify writes both as `\u` escapes, which become
// U+FFFD. (A literal backslash before `u0000` in the text is changed too: harmless.)
const UNSTORABLE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;
function storable(json: string): string {
  return json.replace(UNSTORABLE, '\\ufffd');
}
