// The effective-permissions queries of one server: principalPermissions, whoCan, accessFilter,
// myPermissions. They share evaluateAccess's compiled policies and its epoch rule, so every
// answer agrees with evaluateAccess at the request's epoch.
import type { Caller } from '../../auth/caller.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { AccessEvaluator, DecisionPoint } from '../access/access-evaluator.ts';
import type { ServiceCatalog } from '../catalog/catalog.ts';
import { AccountSnapshots } from './account-snapshot.ts';
import { accessFilter, type AccessFilterArgs } from './access-filter.ts';
import { myPermissions } from './my-permissions.ts';
import { PAGE_TIME_BUDGET_MS } from './page-budget.ts';
import type { AccessFilterModel, MyPermissionModel, PrincipalPermissionsModel, WhoCanModel } from './permission-models.ts';
import { principalPermissions, type PrincipalPermissionsArgs } from './principal-permissions.ts';
import { WhoCan, type WhoCanArgs } from './who-can.ts';

export class EffectivePermissions {
  readonly #whoCan: WhoCan;

  constructor(
    prisma: PrismaClient,
    partition: string,
    private readonly evaluator: AccessEvaluator,
    /** A fixed catalog (tests); by default each request's own (`principalPermissions`' argument). */
    private readonly fixedCatalog: ServiceCatalog | undefined,
    /** how long one page of whoCan or principalPermissions may run (see page-budget.ts) */
    private readonly pageBudgetMs = PAGE_TIME_BUDGET_MS,
  ) {
    this.#whoCan = new WhoCan(new AccountSnapshots(prisma, partition), evaluator.policies, pageBudgetMs);
  }

  accessFilter(at: DecisionPoint, args: AccessFilterArgs): Promise<AccessFilterModel> {
    return accessFilter(this.evaluator, at, args);
  }

  whoCan(at: DecisionPoint, args: WhoCanArgs): Promise<WhoCanModel> {
    return this.#whoCan.query(at, args);
  }

  /** `catalog`: the request's view of the service catalog (AWS's services and the account's own). */
  principalPermissions(at: DecisionPoint, args: PrincipalPermissionsArgs, catalog: ServiceCatalog): Promise<PrincipalPermissionsModel> {
    return principalPermissions(this.evaluator, this.fixedCatalog ?? catalog, at, args, this.pageBudgetMs);
  }

  myPermissions(at: DecisionPoint, caller: Caller, resource: string, actions: readonly string[]): Promise<MyPermissionModel[]> {
    return myPermissions(this.evaluator, at, caller, resource, actions);
  }
}
