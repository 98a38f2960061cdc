// Writes audit records: the edge's way in. A mutation's success is written by the transaction
// helper inside the mutation's own transaction (services/transactions.ts); what no transaction
// wrote (failures, refusals, calls that ran outside one, queries) is written here, in a
// transaction of its own.
import { GatehouseError, INTERNAL_ERROR_MESSAGE, isErrorCode } from '../../errors.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { unstorableTextError } from '../../db/unstorable-text.ts';
import { appendAuditEvent, type Outcome } from './audit-chain.ts';
import type { AuditDraft, AuditSlot } from './audit-draft.ts';
import type { SignInRecord } from '../../auth/sign-in.ts';

export interface AuditSettings {
  /** GATEHOUSE_AUDIT_QUERIES: record queries too, not only mutations and sign-ins. */
  readonly recordQueries: boolean;
}

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = Object.freeze({ recordQueries: false });

export const SUCCESS = 'SUCCESS';

/** What a failure's record says: its code and message, or for an unexpected error only that it was internal. */
export function outcomeOfError(error: unknown): Outcome {
  const raised = (error as { originalError?: unknown } | null)?.originalError ?? error;
  const original = unstorableTextError(raised) ?? raised;
  if (original instanceof GatehouseError) return { outcome: original.code, errorMessage: original.message };
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') return { outcome: code, errorMessage: (error as Error).message };
  return { outcome: 'INTERNAL_SERVER_ERROR', errorMessage: INTERNAL_ERROR_MESSAGE };
}

export class AuditRecorder {
  constructor(
    private readonly prisma: PrismaClient,
    readonly settings: AuditSettings = DEFAULT_AUDIT_SETTINGS,
    readonly partition = 'aws',
  ) {}

  /** Writes `draft` in a transaction of its own, unless something already wrote it. */
  async record(draft: AuditDraft, ended: Outcome): Promise<void> {
    if (draft.written) return;
    await this.prisma.$transaction((tx) => appendAuditEvent(tx, draft, ended));
    draft.written = true;
  }

  /** The request's current record as a successful write of src/auth (a sign-in) commits it: in that write's transaction. */
  successWithin(slot: AuditSlot): SignInRecord | undefined {
    const draft = slot.current;
    if (!draft || draft.written) return undefined;
    return {
      inTransaction: (tx) => appendAuditEvent(tx, draft, { outcome: SUCCESS, errorMessage: null }),
      committed: () => {
        draft.written = true;
      },
    };
  }

  /**
   * The account and principal a sign-in attempt names, to record it under that account; undefined
   * when the account does not exist (there is no chain to add to). One statement either way, so
   * recording does not tell existing names from unknown ones by time.
   */
  async signInSubject(input: { email?: string | null; account?: string | null; userName?: string | null }): Promise<{ accountId: string; principalArn: string } | undefined> {
    if (typeof input.email === 'string' && input.email.length <= 64) {
      const account = await this.prisma.account.findUnique({ where: { emailKey: input.email.toLowerCase() }, select: { id: true } });
      return account ? { accountId: account.id, principalArn: `arn:${this.partition}:iam::${account.id}:root` } : undefined;
    }
    const name = input.account;
    if (typeof name !== 'string' || name.length > 63 || typeof input.userName !== 'string' || input.userName.length > 64) return undefined;
    const account = await this.prisma.account.findFirst({ where: /^\d{12}$/.test(name) ? { id: name } : { alias: name.toLowerCase() }, select: { id: true } });
    return account ? { accountId: account.id, principalArn: `arn:${this.partition}:iam::${account.id}:user/${input.userName}` } : undefined;
  }
}
