// The request context as the evaluator reads it: keys folded to lowercase once,
// multi-valued keys marked. Callers evaluating many requests for the same
// principal and context can build it once with buildRequestContext and pass it in.
import { splitArn, type SplitArn } from './arn-pattern.ts';
import { parsePrincipal, type RequestPrincipal } from './request-principal.ts';
import type { AccessRequest, ContextEntry } from './types.ts';

export interface ContextValue {
  /** the key as the caller spelled it */
  readonly key: string;
  readonly values: readonly string[];
  /** a *_LIST type or more than one value */
  readonly multi: boolean;
}

export interface RequestContext {
  readonly entries: ReadonlyMap<string, ContextValue>;
  /** the principal the context was built for, reused by evaluate when it is the same ARN */
  readonly principal?: RequestPrincipal;
}

/** Folds context entries into a lowercase-key lookup; later entries win. */
export function buildRequestContext(entries: readonly ContextEntry[], principal?: RequestPrincipal): RequestContext {
  const map = new Map<string, ContextValue>();
  if (principal) addPrincipalKeys(map, principal);
  for (const entry of entries) {
    const multi = entry.values.length > 1 || (entry.type?.endsWith('_LIST') ?? false);
    map.set(entry.key.toLowerCase(), { key: entry.key, values: entry.values, multi });
  }
  return principal ? { entries: map, principal } : { entries: map };
}

// AWS puts these in the request context of every signed request, so a caller should not
// have to repeat what the principal ARN already says (AWS global condition context keys).
// aws:userid of users and role sessions needs the stored unique id: evaluateAccess adds it.
function addPrincipalKeys(map: Map<string, ContextValue>, principal: RequestPrincipal): void {
  const single = (key: string, value: string): void => {
    map.set(key.toLowerCase(), { key, values: [value], multi: false });
  };
  if (principal.type === 'Service') {
    single('aws:PrincipalIsAWSService', 'true');
    single('aws:PrincipalServiceName', principal.arn);
    return;
  }
  if (principal.type !== 'AWS' || principal.account === null) return;
  single('aws:PrincipalIsAWSService', 'false');
  single('aws:PrincipalAccount', principal.account);
  // for a role session, AWS's aws:PrincipalArn is the role's ARN, not the session's
  single('aws:PrincipalArn', principal.roleArn ?? principal.arn);
  const type = PRINCIPAL_TYPE[principal.kind];
  if (type) single('aws:PrincipalType', type);
  if (principal.kind === 'root') single('aws:userid', principal.account);
  if (principal.kind === 'federated-user' && principal.name !== null) single('aws:userid', `${principal.account}:${principal.name}`);
  if (principal.kind === 'user' && principal.name !== null) single('aws:username', principal.name);
}

const PRINCIPAL_TYPE: Partial<Record<RequestPrincipal['kind'], string>> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
};

/** Converts `{ key: value | values[] }` into entries; arrays are multi-valued keys. */
export function contextFromRecord(
  record: Record<string, string | number | boolean | Array<string | number | boolean>>,
): ContextEntry[] {
  return Object.entries(record).map(([key, value]) =>
    Array.isArray(value)
      ? { key, values: value.map(String), type: 'STRING_LIST' as const }
      : { key, values: [String(value)] },
  );
}

/** The request with everything the hot path needs computed once. */
export interface PreparedRequest {
  readonly principal: RequestPrincipal;
  /** lowercased: actions compare case-insensitively */
  readonly action: string;
  readonly service: string;
  readonly resource: string;
  /** split lazily by requestArn(): most statements never need it */
  resourceArn: SplitArn | null | undefined;
  /** a permissions boundary applies (AWS's NotPrincipal quirk depends on it) */
  readonly hasBoundary: boolean;
  readonly resourceAccount: string | null;
  readonly context: RequestContext;
}

export function prepareRequest(request: AccessRequest, context: RequestContext | undefined, hasBoundary: boolean): PreparedRequest {
  const type = request.principalType ?? 'AWS';
  const known = context?.principal;
  const issuer = request.sessionIssuer ?? null;
  const reuse = known && known.requested === request.principal && known.type === type
    && (issuer === null || known.roleArn === issuer || known.federatingUser === issuer);
  const principal = reuse ? known : parsePrincipal(request.principal, type, issuer);
  const action = request.action.toLowerCase();
  const colon = action.indexOf(':');
  return {
    principal,
    action,
    service: colon < 0 ? action : action.slice(0, colon),
    resource: request.resource,
    resourceArn: undefined,
    hasBoundary,
    resourceAccount: request.resourceAccount ?? principal.account,
    context: context ?? buildRequestContext(request.context, principal),
  };
}

/** The request resource split into ARN parts, computed on first use. */
export function requestArn(req: PreparedRequest): SplitArn | null {
  if (req.resourceArn === undefined) req.resourceArn = splitArn(req.resource);
  return req.resourceArn;
}

// Lookups go from the last layer to the first; iteration (which the evaluator never does) sees
// the merged result.
class LayeredEntries implements ReadonlyMap<string, ContextValue> {
  constructor(private readonly layers: readonly ReadonlyMap<string, ContextValue>[]) {}

  get(key: string): ContextValue | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const found = this.layers[i]!.get(key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  #merged(): Map<string, ContextValue> {
    const merged = new Map<string, ContextValue>();
    for (const layer of this.layers) for (const [key, value] of layer) merged.set(key, value);
    return merged;
  }

  get size(): number { return this.#merged().size; }
  forEach(callback: (value: ContextValue, key: string, map: ReadonlyMap<string, ContextValue>) => void): void { this.#merged().forEach((v, k) => callback(v, k, this)); }
  entries(): MapIterator<[string, ContextValue]> { return this.#merged().entries(); }
  keys(): MapIterator<string> { return this.#merged().keys(); }
  values(): MapIterator<ContextValue> { return this.#merged().values(); }
  [Symbol.iterator](): MapIterator<[string, ContextValue]> { return this.entries(); }
}

/**
 * The contexts as one, a later layer's keys winning, without copying them: for one request
 * decided for many principals, each principal's own layers around one shared layer. Equal to
 * buildRequestContext over the layers' entries in order.
 */
export function layerRequestContexts(layers: readonly RequestContext[], principal?: RequestPrincipal): RequestContext {
  const entries = new LayeredEntries(layers.map((layer) => layer.entries));
  return principal ? { entries, principal } : { entries };
}
