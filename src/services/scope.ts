// What every use-case runs within: the database and the caller's account.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { AuditSlot } from './audit/audit-draft.ts';
import type { NamedReads } from './named-reads.ts';

export interface Scope {
  readonly prisma: PrismaClient;
  /** The account every read and write is confined to. */
  readonly accountId: string;
  readonly partition: string;
  /** The request's audit record in the making: a mutation's transaction writes it before it commits (transactions.ts). */
  readonly audit?: AuditSlot;
  /** Users, groups and roles by name, read once per request (authorization and the field share them). */
  readonly named?: NamedReads;
}

/** A Prisma transaction client. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
