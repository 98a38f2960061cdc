// Appends to an account's chain. The chain head row is locked FOR UPDATE for the rest of the
// transaction, so concurrent appends to one account queue (and other accounts' do not), and
// each record links to the one committed just before it: the chain never forks.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Tx } from '../scope.ts';
import type { AuditDraft } from './audit-draft.ts';
import { auditHash, GENESIS_HASH, type HashedFields } from './audit-hash.ts';
import { changesOf } from './redaction.ts';
import { storable } from './storable.ts';

export interface Outcome {
  outcome: string;
  errorMessage: string | null;
  result?: unknown;
  /** The targets' state (audit/entity-state.ts) before and after a mutation that succeeded. */
  before?: unknown;
  after?: unknown;
}

const MAX_MESSAGE = 2048;

/** Writes `draft` as the account's next record, inside `tx`. */
export async function appendAuditEvent(tx: Tx, draft: AuditDraft, ended: Outcome): Promise<void> {
  await tx.$executeRaw`INSERT INTO "AuditChainHead" ("accountId", "sequence", "hash") VALUES (${draft.accountId}, 0, ${GENESIS_HASH}) ON CONFLICT DO NOTHING`;
  const [head] = await tx.$queryRaw<Array<{ sequence: bigint; hash: string; time: Date | null }>>`
    SELECT h."sequence", h."hash", e."time" FROM "AuditChainHead" h
    LEFT JOIN "AuditEvent" e ON e."accountId" = h."accountId" AND e."sequence" = h."sequence"
    WHERE h."accountId" = ${draft.accountId} FOR UPDATE OF h`;
  if (!head) throw new Error('audit chain head missing after insert');
  const fields: HashedFields = storable({
    accountId: draft.accountId,
    sequence: head.sequence + 1n,
    // Never before the record it follows: a request that started earlier may append later, and
    // time order along the chain is what lets a time window be a range of sequences.
    time: head.time && head.time > draft.time ? head.time : draft.time,
    requestId: draft.requestId.slice(0, 64),
    principalArn: draft.principalArn?.slice(0, 2048) ?? null,
    credentialId: draft.credentialId?.slice(0, 20) ?? null,
    sourceIp: draft.sourceIp?.slice(0, 64) ?? null,
    userAgent: draft.userAgent?.slice(0, 512) ?? null,
    operation: draft.operation.slice(0, 128),
    eventName: draft.eventName.slice(0, 128),
    resources: draft.resources,
    outcome: ended.outcome.slice(0, 64),
    errorMessage: ended.errorMessage?.slice(0, MAX_MESSAGE) ?? null,
    decision: draft.decision,
    decidingStatement: draft.decidingStatement ?? null,
    changes: draft.isMutation ? changesOf(draft.input, ended) : null,
    previousHash: head.hash,
  });
  const hash = auditHash(fields);
  await tx.auditEvent.create({
    data: {
      ...fields,
      resources: fields.resources as Prisma.InputJsonValue,
      decidingStatement: jsonOrNull(fields.decidingStatement),
      changes: jsonOrNull(fields.changes),
      hash,
    },
  });
  await tx.auditChainHead.update({ where: { accountId: draft.accountId }, data: { sequence: fields.sequence, hash } });
}

function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}
