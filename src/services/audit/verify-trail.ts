// verifyAuditTrail: recomputes every record's hash and link, from the first record to the
// chain's head, in pages of PAGE_SIZE rows (bounded memory whatever the trail's length).
import { toNodeId } from '../../domain/node-id.ts';
import type { Scope } from '../scope.ts';
import { auditHash, GENESIS_HASH } from './audit-hash.ts';

const PAGE_SIZE = 500;

export interface TrailVerification {
  valid: boolean;
  firstBrokenEvent: string | null;
  firstBrokenSequence: number | null;
  reason: string | null;
  checkedEvents: number;
}

export async function verifyAuditTrail(scope: Scope): Promise<TrailVerification> {
  const { prisma, accountId } = scope;
  let expectedSequence = 1n;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  const broken = (reason: string, sequence: bigint, id: string | null): TrailVerification => ({
    valid: false,
    firstBrokenEvent: id && toNodeId('AuditEvent', id),
    firstBrokenSequence: Number(sequence),
    reason,
    checkedEvents: checked,
  });
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: { accountId, sequence: { gte: expectedSequence } },
      orderBy: { sequence: 'asc' },
      take: PAGE_SIZE,
    });
    for (const row of rows) {
      checked += 1;
      if (row.sequence !== expectedSequence) return broken(`sequence gap: record ${expectedSequence} is missing`, expectedSequence, row.id);
      if (row.previousHash !== previousHash) return broken('link mismatch: previousHash is not the hash of the record before', row.sequence, row.id);
      if (auditHash(row) !== row.hash) return broken('hash mismatch: the record was changed after it was written', row.sequence, row.id);
      previousHash = row.hash;
      expectedSequence += 1n;
    }
    if (rows.length < PAGE_SIZE) break;
  }
  const head = await prisma.auditChainHead.findUnique({ where: { accountId } });
  const headSequence = head?.sequence ?? 0n;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSequence !== expectedSequence - 1n || headHash !== previousHash) {
    return broken(`head mismatch: the chain's head is record ${headSequence}, the last record found is ${expectedSequence - 1n}`, expectedSequence, null);
  }
  return { valid: true, firstBrokenEvent: null, firstBrokenSequence: null, reason: null, checkedEvents: checked };
}
