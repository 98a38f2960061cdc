// The CPU one warm self-authorization costs, measured in this process apart from HTTP and
// GraphQL: authorizeCall (src/services/authorization) for a root field's catalog entry, for the
// bench's IAM user, with its compiled principal cached (the warm path: no SQL). On a shared
// machine this is the steadier reading of what the IAM user's calls pay over root's.
import { createPrisma } from '../src/db/prisma.ts';
import { QUERY_CATALOG } from '../src/authorization/catalog.ts';
import type { Guarded } from '../src/authorization/targets.ts';
import type { Caller } from '../src/auth/caller.ts';
import { AccessEvaluator } from '../src/services/access/access-evaluator.ts';
import { authorizeCall, type CallRequest } from '../src/services/authorization/authorize-call.ts';
import type { Scope } from '../src/services/scope.ts';

export interface AuthorizedField {
  readonly field: string;
  readonly args: Record<string, unknown>;
}

/** Microseconds per warm authorizeCall of each field, for `caller` of `accountId`. */
export async function authorizeCost(databaseUrl: string, caller: Caller, fields: readonly AuthorizedField[], ms = 300): Promise<Map<string, number>> {
  const prisma = createPrisma(databaseUrl);
  const evaluator = new AccessEvaluator(prisma, 'aws');
  const scope = { prisma, accountId: caller.accountId, partition: 'aws' } as Scope;
  // one epoch for the whole run: the principal is loaded once, then served from the cache
  const epoch = Promise.resolve(1n);
  const request: CallRequest = { scope, caller, now: new Date(), epoch: () => epoch, sourceIp: '127.0.0.1', userAgent: 'autocannon', secureTransport: false };
  const costs = new Map<string, number>();
  try {
    // three passes, the least disturbed kept: the machine is shared, and the JIT warms on the first
    for (let pass = 0; pass < 3; pass++) {
      for (const { field, args } of fields) {
        const entry = QUERY_CATALOG[field] as Guarded;
        for (let i = 0; i < 2000; i++) await authorizeCall(evaluator, request, entry, args);
        let count = 0;
        const start = performance.now();
        while (performance.now() - start < ms) {
          for (let i = 0; i < 200; i++) await authorizeCall(evaluator, request, entry, args);
          count += 200;
        }
        const us = ((performance.now() - start) * 1000) / count;
        costs.set(field, Math.min(us, costs.get(field) ?? Number.POSITIVE_INFINITY));
      }
    }
    return costs;
  } finally {
    await prisma.$disconnect();
  }
}
