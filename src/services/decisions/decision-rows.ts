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

/** Rows as columns: one array per column, for one INSERT ... SELECT FROM unnest(...) of them all. */
export interface DecisionColumns {
  accountId: string[];
  time: string[];
  requestId: string[];
  callerArn: string[];
  principalArn: string[];
  action: string[];
  resource: string[];
  decision: string[];
  source: string[];
  field: string[];
  /** JSON text of StoredStatements */
  decidingStatements: string[];
}

export function toColumns(entries: readonly PendingDecision[]): DecisionColumns {
  const columns: DecisionColumns = { accountId: [], time: [], requestId: [], callerArn: [], principalArn: [], action: [], resource: [], decision: [], source: [], field: [], decidingStatements: [] };
  for (const entry of entries) {
    const { stamp, decision } = entry;
    columns.accountId.push(stamp.accountId);
    columns.time.push(stamp.time.toISOString());
    columns.requestId.push(stamp.requestId.slice(0, 128));
    columns.callerArn.push(stamp.callerArn.slice(0, 2048));
    columns.principalArn.push(entry.principalArn.slice(0, 2048));
    columns.action.push(entry.action.slice(0, 256));
    columns.resource.push(entry.resource.slice(0, 2048));
    columns.decision.push(decision.decision);
    columns.source.push(entry.source);
    columns.field.push(entry.field.slice(0, 256));
    columns.decidingStatements.push(storedStatementsJson(decision.matchedStatements));
  }
  return columns;
}

// Each statement is serialized once per loaded principal, and an entry's JSON is put together
// from the pieces. A label is made per policy each time a principal is loaded (load-principal.ts)
// and lives as long as that load, in which its policy and index name one statement; a new policy
// version means a new load, so a new label.
const serialized = new WeakMap<object, Map<string, string>>();

function statementJson(statement: MatchedStatement<unknown>): string {
  const label = statement.label;
  if (typeof label !== 'object' || label === null) return JSON.stringify(statement);
  let byStatement = serialized.get(label);
  if (!byStatement) serialized.set(label, (byStatement = new Map()));
  const key = `${statement.policyId}|${statement.statementIndex}`;
  let json = byStatement.get(key);
  if (json === undefined) byStatement.set(key, (json = JSON.stringify(statement)));
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
