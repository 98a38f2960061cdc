// What every use-case runs within: the database and the caller's account.
import type { PrismaClient } from '../generated/prisma/client.ts';

export interface Scope {
  readonly prisma: PrismaClient;
  /** The account every read and write is confined to. */
  readonly accountId: string;
  readonly partition: string;
}

/** A Prisma transaction client. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
