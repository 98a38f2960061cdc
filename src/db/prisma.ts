// The Prisma client the service uses, over the pg driver adapter and a pool of ours whose every
// wait is bounded (bounded-pool.ts).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { BoundedPool } from './bounded-pool.ts';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './limits.ts';

export type Prisma = PrismaClient;

export interface PrismaOptions {
  /** Called with each SQL statement the client sends (tests count them). */
  onQuery?: (sql: string) => void;
  limits?: DatabaseLimits;
}

export function createPrisma(databaseUrl: string, options: PrismaOptions = {}): PrismaClient {
  const limits = options.limits ?? DEFAULT_DATABASE_LIMITS;
  const pool = new BoundedPool(databaseUrl, limits);
  // An idle connection that breaks is dropped by the pool; this keeps its error from crashing us.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, onPoolError: () => {}, onConnectionError: () => {} });
  // A transaction waits for a connection as a statement does (the pool cuts it at the request's
  // deadline), and cannot outlive a request.
  const transactionOptions = { maxWait: limits.requestTimeoutMs, timeout: limits.requestTimeoutMs };
  if (!options.onQuery) return new PrismaClient({ adapter, transactionOptions });
  const prisma = new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  const onQuery = options.onQuery;
  prisma.$on('query', (event) => onQuery(event.query));
  return prisma;
}
