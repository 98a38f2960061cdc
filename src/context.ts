// Everything one request carries: its id, who is calling, fresh DataLoaders, the clock.
import type { Logger } from 'pino';
import type { Caller } from './auth/caller.ts';
import type { AuthServices } from './auth/auth-services.ts';
import { GatehouseError } from './errors.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders, type Loaders } from './services/loaders.ts';
import type { AccessEvaluator } from './services/access/access-evaluator.ts';
import type { ServiceCatalogDetails } from './services/catalog/catalog.ts';
import { createServiceCatalog } from './services/catalog/service-catalog.ts';
import type { EffectivePermissions } from './services/permissions/effective-permissions.ts';
import { AuditSlot } from './services/audit/audit-draft.ts';
import type { AuditRecorder } from './services/audit/audit-recorder.ts';
import { RequestDecisions, type DecisionSink } from './services/decisions/decision-entry.ts';
import type { Scope } from './services/scope.ts';
import { NamedReads } from './services/named-reads.ts';
import { NO_ACCOUNT } from './services/access/request-epochs.ts';

export type { Caller } from './auth/caller.ts';

export interface RequestContext {
  readonly requestId: string;
  /** Who is calling; throws UNAUTHENTICATED for a request without a credential (only signIn runs without one). */
  readonly caller: Caller;
  /** Whether the request carries a valid credential. */
  readonly authenticated: boolean;
  /** The caller's account and the database: what services run within. Throws as `caller` does. */
  readonly scope: Scope;
  readonly loaders: Loaders;
  /** The service catalog as of this request: AWS's services and the account's registered ones (read once per request). */
  readonly catalog: ServiceCatalogDetails;
  /** Shared by all requests of a server: its caches are cross-request by design. */
  readonly accessEvaluator: AccessEvaluator;
  /** principalPermissions, whoCan, accessFilter, myPermissions: shared by all requests of a server. */
  readonly permissions: EffectivePermissions;
  /** Sign-in, sessions and credentials: shared by all requests of a server. */
  readonly auth: AuthServices;
  /** The policy epoch of the caller's account as the request reads it (services/access/request-epochs.ts). */
  readonly epoch: () => Promise<bigint>;
  /** The address the request came from (sign-in limits count per address). */
  readonly sourceIp: string;
  /** The request's User-Agent header (at most 512 characters), for the audit trail. */
  readonly userAgent: string | null;
  /** Writes audit records: shared by all requests of a server. */
  readonly audit: AuditRecorder;
  /** This request's audit record in the making (also reachable from `scope`, for the transaction helper). */
  readonly auditSlot: AuditSlot;
  /** This request's decisions for the decision log; undefined when the log is off (or there is no caller). */
  readonly decisions: RequestDecisions | undefined;
  readonly logger: Logger;
  readonly now: Date;
}

const unauthenticated = () => new GatehouseError('UNAUTHENTICATED', 'a valid credential is required');

export interface RequestContextParams {
  requestId: string;
  caller: Caller | undefined;
  prisma: PrismaClient;
  partition: string;
  logger: Logger;
  accessEvaluator: AccessEvaluator;
  permissions: EffectivePermissions;
  auth: AuthServices;
  /** The policy epoch of an account, as this request reads it. */
  epoch: (accountId: string) => Promise<bigint>;
  sourceIp: string;
  userAgent?: string | null;
  audit: AuditRecorder;
  /** The server's decision log; undefined when it is off. */
  decisionLog?: DecisionSink;
  now: Date;
}

// A class, so that `caller` and `scope` are getters of the prototype: Apollo copies a context's
// own properties (Object.assign) into a new object of the same prototype, which would call them.
class Context implements RequestContext {
  readonly requestId: string;
  readonly authenticated: boolean;
  readonly loaders: Loaders;
  readonly catalog: ServiceCatalogDetails;
  readonly accessEvaluator: AccessEvaluator;
  readonly permissions: EffectivePermissions;
  readonly auth: AuthServices;
  readonly epoch: () => Promise<bigint>;
  readonly sourceIp: string;
  readonly userAgent: string | null;
  readonly audit: AuditRecorder;
  readonly auditSlot = new AuditSlot();
  readonly decisions: RequestDecisions | undefined;
  readonly logger: Logger;
  readonly now: Date;
  private readonly knownCaller: Caller | undefined;
  private readonly knownScope: Scope | undefined;

  constructor(params: RequestContextParams) {
    const { caller } = params;
    this.requestId = params.requestId;
    this.authenticated = caller !== undefined;
    this.loaders = createLoaders(params.prisma);
    this.catalog = createServiceCatalog(params.prisma);
    this.accessEvaluator = params.accessEvaluator;
    this.permissions = params.permissions;
    this.auth = params.auth;
    this.epoch = () => params.epoch(caller?.accountId ?? NO_ACCOUNT);
    this.sourceIp = params.sourceIp;
    this.userAgent = params.userAgent?.slice(0, 512) ?? null;
    this.audit = params.audit;
    this.logger = params.logger.child({ requestId: params.requestId });
    this.now = params.now;
    this.knownCaller = caller;
    this.decisions =
      params.decisionLog && caller
        ? new RequestDecisions(params.decisionLog, { accountId: caller.accountId, requestId: params.requestId, callerArn: caller.arn, time: params.now })
        : undefined;
    this.knownScope = caller && {
      prisma: params.prisma,
      accountId: caller.accountId,
      partition: params.partition,
      audit: this.auditSlot,
      named: new NamedReads(params.prisma, caller.accountId),
    };
  }

  get caller(): Caller {
    if (!this.knownCaller) throw unauthenticated();
    return this.knownCaller;
  }

  get scope(): Scope {
    if (!this.knownScope) throw unauthenticated();
    return this.knownScope;
  }
}

export function createRequestContext(params: RequestContextParams): RequestContext {
  return new Context(params);
}
