// A pending decision as the row it is stored as: every text cut to its column, and the deciding
// statements as evaluateAccess explains them (MatchedStatement with its policy source), kept up
// to MAX_STATEMENTS_BYTES of JSON; the rest are counted in `omitted`.
import type { Prisma } from '../../generated/prisma/client.ts';
import type { PendingDecision } from './decision-entry.ts';

export const MAX_STATEMENTS_BYTES = 8192;

/** The stored form of `decidingStatements`. */
export interface StoredStatements {
  statements: unknown[];
  omitted: number;
}

export function toRow(entry: PendingDecision): Prisma.DecisionLogEntryCreateManyInput {
  const { stamp, decision } = entry;
  return {
    accountId: stamp.accountId,
    time: stamp.time,
    requestId: stamp.requestId.slice(0, 128),
    callerArn: stamp.callerArn.slice(0, 2048),
    principalArn: entry.principalArn.slice(0, 2048),
    action: entry.action.slice(0, 256),
    resource: entry.resource.slice(0, 2048),
    decision: decision.decision,
    source: entry.source,
    field: entry.field.slice(0, 256),
    decidingStatements: storedStatements(decision.matchedStatements) as unknown as Prisma.InputJsonValue,
  };
}

function storedStatements(matched: readonly unknown[]): StoredStatements {
  const statements: unknown[] = [];
  let bytes = 0;
  for (const statement of matched) {
    bytes += JSON.stringify(statement).length;
    if (bytes > MAX_STATEMENTS_BYTES) break;
    statements.push(statement);
  }
  return { statements, omitted: matched.length - statements.length };
}
