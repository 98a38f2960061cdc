// What a catalog entry asks: actions on resources, with the request keys the call itself brings.
// Pure: the server turns each ResourceRef into an ARN (an entity named by name needs its path).

/** An entity named by its name in the caller's account, the user owning an access key of it, or an ARN as given (`*` included). */
export type ResourceRef =
  | { readonly entity: 'user' | 'group' | 'role'; readonly name: string }
  | { readonly accessKeyOwner: string }
  | { readonly arn: string };

/** A request key the server sets from the call's arguments (never from a client's context). */
export interface CallKey {
  readonly key: string;
  readonly values: readonly string[];
  readonly type?: 'STRING_LIST';
}

/** One question for the evaluator: may the caller do `action` on `resource`? */
export interface Check {
  readonly action: string;
  readonly resource: ResourceRef;
  readonly keys?: readonly CallKey[];
}

/** Who calls and where: enough to name the caller's own ARNs and the account's. */
export interface CallSite {
  readonly partition: string;
  readonly accountId: string;
  /** The caller's own ARN (the root's `arn:aws:iam::ACCOUNT:root`, an IAM user's with its path). */
  readonly callerArn: string;
  /** On a relationship field (User.groups): the ARN of the object it is a field of. */
  readonly parentArn?: string;
}

export type Args = Record<string, any>;

/**
 * Whether a call is expensive enough to count toward the per-principal limit of heavy
 * operations (GATEHOUSE_HEAVY_LIMIT_PER_PRINCIPAL): always, or as its arguments decide (as
 * sent, not yet coerced, with the schema's defaults). Absent: never counted.
 */
export type Heavy = true | ((args: Args) => boolean);

/** A root field that needs a permission: the checks its arguments make (all must allow). */
export interface Guarded {
  readonly heavy?: Heavy;
  readonly checks: (args: Args, site: CallSite) => Check[];
  /** Only the management account (the oldest) may run it, whatever its policies say. */
  readonly managementOnly?: true;
}

/** A root field that needs a valid credential and nothing more, and why. */
export interface Open {
  readonly open: string;
  readonly heavy?: Heavy;
}

export type CatalogEntry = Guarded | Open;

export const isOpen = (entry: CatalogEntry): entry is Open => 'open' in entry;

/** Whether a call of the entry with these arguments is heavy. */
export const isHeavy = (entry: CatalogEntry, args: Args): boolean => (typeof entry.heavy === 'function' ? entry.heavy(args) : entry.heavy === true);

/**
 * Entity listings serve at most 100 items a page (services/pagination.ts), so "above 100" never
 * runs: a page of more than half that is a large one. Omitting `first` asks for 100: large too.
 */
export const LARGE_PAGE = 50;

/** A listing asking for a large page: its `first` (default 100) above LARGE_PAGE. */
export const largePage = (args: Args): boolean => (args.first ?? 100) > LARGE_PAGE;

/** More than LARGE_PAGE items in a list argument (a lone item is a list of one). */
export const largeList = (items: unknown): boolean => (Array.isArray(items) ? items.length : items == null ? 0 : 1) > LARGE_PAGE;

const iam = (site: CallSite, resource: string) => `arn:${site.partition}:iam::${site.accountId}:${resource}`;

export const user = (name: string): ResourceRef => ({ entity: 'user', name });
export const group = (name: string): ResourceRef => ({ entity: 'group', name });
export const role = (name: string): ResourceRef => ({ entity: 'role', name });
export const arn = (value: string): ResourceRef => ({ arn: value });
/** The user an access key belongs to (AWS's resource for GetAccessKeyLastUsed). */
export const accessKeyOwner = (accessKeyId: string): ResourceRef => ({ accessKeyOwner: accessKeyId });
export const ANY: ResourceRef = { arn: '*' };

/** The named user, or the caller itself when the name is omitted (AWS's default for access keys and MFA). */
export const userOrSelf = (name: string | null | undefined, site: CallSite): ResourceRef => (name ? user(name) : arn(site.callerArn));

/** The ARN a new entity will have. */
export const created = (site: CallSite, kind: 'user' | 'group' | 'role' | 'policy' | 'mfa', path: string | null | undefined, name: string): ResourceRef =>
  arn(iam(site, `${kind}${path ?? '/'}${name}`));

/** What a listing acts on: every entity of the kind under the path prefix (`user/dev/*`). */
export const listed = (site: CallSite, kind: 'user' | 'group' | 'role', pathPrefix: string | null | undefined): ResourceRef =>
  arn(iam(site, `${kind}${pathPrefix ?? '/'}*`));

/** A service of the account's catalog (Gatehouse's own resource type). */
export const service = (site: CallSite, prefix: string): ResourceRef => arn(`arn:${site.partition}:gatehouse::${site.accountId}:service/${prefix}`);

/** aws:RequestTag/KEY for each tag and aws:TagKeys, as AWS sets them on calls that tag. */
export function requestTags(tags: ReadonlyArray<{ key: string; value: string }> | null | undefined): CallKey[] {
  if (!tags?.length) return [];
  return [...tags.map((tag) => ({ key: `aws:RequestTag/${tag.key}`, values: [tag.value] })), tagKeys(tags.map((tag) => tag.key))];
}

export const tagKeys = (keys: readonly string[]): CallKey => ({ key: 'aws:TagKeys', values: keys, type: 'STRING_LIST' });

export const boundaryKey = (policyArn: string | null | undefined): CallKey[] =>
  policyArn ? [{ key: 'iam:PermissionsBoundary', values: [policyArn] }] : [];

export const policyArnKey = (policyArn: string): CallKey[] => [{ key: 'iam:PolicyARN', values: [policyArn] }];

/** One action on one resource. */
export const on =
  (action: string, resource: (args: Args, site: CallSite) => ResourceRef, keys?: (args: Args) => CallKey[]): Guarded['checks'] =>
  (args, site) => [{ action, resource: resource(args, site), ...(keys ? { keys: keys(args) } : {}) }];
