// verifyAuditTrail: recomputes every record's hash and link, from the first record to the
// chain's head, in pages of PAGE_SIZE rows (bounded memory whatever the trail's length). One call
// checks what fits in its time budget (a million records take about half a minute, past a
// request's deadline) and hands back a cursor to go on from: the last record checked and the hash
// it had then, so that the next call links to what this one saw, not to what the table says now.
import { badInput } from '../../errors.ts';
import { toNodeId } from '../../domain/node-id.ts';
import type { Scope } from '../scope.ts';
import { auditHash, GENESIS_HASH } from './audit-hash.ts';

const PAGE_SIZE = 1000;
/** Well inside a request's database deadline (DATABASE_REQUEST_TIMEOUT_MS, 8 s by default). */
export const DEFAULT_VERIFY_BUDGET_MS = 3000;
export const MAX_VERIFY_EVENTS = 1_000_000;

export interface VerifyOptions {
  /** The `endCursor` of the call before: go on after the record it names. */
  after?: string | null;
  /** At most this many records in this call. */
  first?: number | null;
  budgetMs?: number;
}

export interface TrailVerification {
  valid: boolean;
  firstBrokenEvent: string | null;
  firstBrokenSequence: number | null;
  reason: string | null;
  checkedEvents: number;
  /** Whether the check reached the chain's head; when not, `valid` speaks of the records checked so far. */
  complete: boolean;
  /** Where to go on from (`after`) when not complete. */
  endCursor: string | null;
}

const cursorOf = (sequence: bigint, hash: string) => Buffer.from(`${sequence}:${hash}`).toString('base64url');

function startOf(after: string | null | undefined): { sequence: bigint; hash: string } {
  if (after == null) return { sequence: 1n, hash: GENESIS_HASH };
  const match = after.length <= 128 ? /^(\d{1,19}):([0-9a-f]{64})$/.exec(Buffer.from(after, 'base64url').toString('utf8')) : null;
  if (!match) throw badInput('after', 'is not an endCursor of verifyAuditTrail');
  return { sequence: BigInt(match[1]!) + 1n, hash: match[2]! };
}

export async function verifyAuditTrail(scope: Scope, options: VerifyOptions = {}): Promise<TrailVerification> {
  const { prisma, accountId } = scope;
  const first = options.first ?? MAX_VERIFY_EVENTS;
  if (!Number.isInteger(first) || first < 1 || first > MAX_VERIFY_EVENTS) throw badInput('first', `must be 1 to ${MAX_VERIFY_EVENTS}`);
  const start = startOf(options.after);
  const deadline = performance.now() + (options.budgetMs ?? DEFAULT_VERIFY_BUDGET_MS);
  let expectedSequence = start.sequence;
  let previousHash = start.hash;
  let checked = 0;
  const broken = (reason: string, sequence: bigint, id: string | null): TrailVerification => ({
    valid: false,
    firstBrokenEvent: id && toNodeId('AuditEvent', id),
    firstBrokenSequence: Number(sequence),
    reason,
    checkedEvents: checked,
    complete: true,
    endCursor: null,
  });
  for (;;) {
    if (checked >= first || performance.now() > deadline) {
      const last = expectedSequence - 1n;
      return { valid: true, firstBrokenEvent: null, firstBrokenSequence: null, reason: null, checkedEvents: checked, complete: false, endCursor: cursorOf(last, previousHash) };
    }
    const take = Math.min(PAGE_SIZE, first - checked);
    const rows = await prisma.auditEvent.findMany({ where: { accountId, sequence: { gte: expectedSequence } }, orderBy: { sequence: 'asc' }, take });
    for (const row of rows) {
      checked += 1;
      if (row.sequence !== expectedSequence) return broken(`sequence gap: record ${expectedSequence} is missing`, expectedSequence, row.id);
      if (row.previousHash !== previousHash) return broken('link mismatch: previousHash is not the hash of the record before', row.sequence, row.id);
      if (auditHash(row) !== row.hash) return broken('hash mismatch: the record was changed after it was written', row.sequence, row.id);
      previousHash = row.hash;
      expectedSequence += 1n;
    }
    if (rows.length < take) break;
  }
  const head = await prisma.auditChainHead.findUnique({ where: { accountId } });
  const headSequence = head?.sequence ?? 0n;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSequence !== expectedSequence - 1n || headHash !== previousHash) {
    return broken(`head mismatch: the chain's head is record ${headSequence}, the last record found is ${expectedSequence - 1n}`, expectedSequence, null);
  }
  return { valid: true, firstBrokenEvent: null, firstBrokenSequence: null, reason: null, checkedEvents: checked, complete: true, endCursor: null };
}
