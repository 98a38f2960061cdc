// The chain's hash: SHA-256 over a canonical encoding of a record and the hash before it. The
// encoding is a JSON array in a fixed field order, with JSON values' keys sorted (PostgreSQL's
// jsonb does not keep key order), so the hash a writer computed is the one a verifier recomputes.
import { createHash } from 'node:crypto';

/** The hash the first record of every account links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a record's hash covers: every column but `id` and `hash`. */
export interface HashedFields {
  accountId: string;
  sequence: bigint;
  time: Date;
  requestId: string;
  principalArn: string | null;
  credentialId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  operation: string;
  eventName: string;
  resources: unknown;
  outcome: string;
  errorMessage: string | null;
  decision: string | null;
  decidingStatement: unknown;
  changes: unknown;
  previousHash: string;
}

export function auditHash(record: HashedFields): string {
  const encoded = JSON.stringify([
    'gatehouse-audit-v1',
    record.accountId,
    record.sequence.toString(),
    record.time.toISOString(),
    record.requestId,
    record.principalArn,
    record.credentialId,
    record.sourceIp,
    record.userAgent,
    record.operation,
    record.eventName,
    sortKeys(record.resources),
    record.outcome,
    record.errorMessage,
    record.decision,
    sortKeys(record.decidingStatement ?? null),
    sortKeys(record.changes ?? null),
    record.previousHash,
  ]);
  return createHash('sha256').update(encoded).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}
