// Everything one request carries: its id, who is calling, fresh DataLoaders, the clock.
import type { Logger } from 'pino';
import type { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders, type Loaders } from './services/loaders.ts';
import type { AccessEvaluator } from './services/access/access-evaluator.ts';
import type { Scope } from './services/scope.ts';

/**
 * Who is calling. Until authentication lands every caller is the management account's root;
 * authentication will fill this from credentials, and authorization will read it from here.
 */
export interface Caller {
  readonly accountId: string;
  readonly arn: string;
  readonly type: 'Root' | 'User' | 'AssumedRole';
}

export interface RequestContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** The caller's account and the database: what services run within. */
  readonly scope: Scope;
  readonly loaders: Loaders;
  /** Shared by all requests of a server: its caches are cross-request by design. */
  readonly accessEvaluator: AccessEvaluator;
  readonly logger: Logger;
  readonly now: Date;
}

export function createRequestContext(params: {
  requestId: string;
  caller: Caller;
  prisma: PrismaClient;
  partition: string;
  logger: Logger;
  accessEvaluator: AccessEvaluator;
}): RequestContext {
  return {
    requestId: params.requestId,
    caller: params.caller,
    scope: { prisma: params.prisma, accountId: params.caller.accountId, partition: params.partition },
    loaders: createLoaders(params.prisma),
    accessEvaluator: params.accessEvaluator,
    logger: params.logger.child({ requestId: params.requestId }),
    now: new Date(),
  };
}
