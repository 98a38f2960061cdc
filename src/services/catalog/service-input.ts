// putService's input, checked whole: every problem is reported at once (extensions.problems),
// and every list and string is bounded, so a definition costs bounded memory to store and read.
import { requireValid, type InputProblem } from '../../domain/validate-names.ts';
import type { AccessLevel, CatalogAction, CatalogConditionKey, CatalogResourceType, ConditionKeyType } from './catalog.ts';
import { globalConditionKey } from './iam-data-source.ts';

export const SERVICE_LIMITS = {
  actions: 1000,
  resourceTypes: 200,
  conditionKeys: 500,
  keysPerEntry: 100,
  resourceTypesPerAction: 50,
  serviceName: 256,
  arnFormat: 2048,
  conditionKeyName: 256,
} as const;

export const SERVICE_PREFIX = /^[a-z0-9-]{1,40}$/;
const ACTION_NAME = /^[A-Za-z0-9]{1,128}$/;
const RESOURCE_TYPE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
// `svc:Key`, `svc:Tag/${TagKey}`, `svc:Tag/<key>`: printable ASCII after the colon
const CONDITION_KEY = /^[a-z0-9-]{1,40}:[\x21-\x7e]{1,215}$/i;

export interface PutServiceParams {
  servicePrefix: string;
  serviceName: string;
  actions: ReadonlyArray<{
    name: string;
    accessLevel: AccessLevel;
    resourceTypes?: ReadonlyArray<{ name: string; required?: boolean | null }> | null;
    conditionKeys?: readonly string[] | null;
  }>;
  resourceTypes?: ReadonlyArray<{ name: string; arnFormat: string; conditionKeys?: readonly string[] | null }> | null;
  conditionKeys?: ReadonlyArray<{ name: string; type: ConditionKeyType }> | null;
  overrideBuiltIn?: boolean | null;
}

/** What a registered service stores: the catalog's own shapes, without the prefix on each action. */
export interface ServiceDefinition {
  actions: Array<Omit<CatalogAction, 'service'>>;
  resourceTypes: CatalogResourceType[];
  conditionKeys: CatalogConditionKey[];
}

type Problems = InputProblem[];

function tooMany(problems: Problems, field: string, list: readonly unknown[], max: number): boolean {
  if (list.length <= max) return false;
  problems.push({ field, message: `takes at most ${max} entries, got ${list.length}` });
  return true;
}

function duplicates(problems: Problems, field: string, names: readonly string[], what: string): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (seen.has(key)) problems.push({ field: `${field}[${i}].name`, message: `${what} \`${name}\` is listed twice (names ignore case)` });
    seen.add(key);
  });
}

/** Checks that each key an action or resource type names is declared by the service or global. */
function checkKeyRefs(problems: Problems, field: string, keys: readonly string[], declared: ReadonlySet<string>): void {
  if (tooMany(problems, field, keys, SERVICE_LIMITS.keysPerEntry)) return;
  keys.forEach((key, i) => {
    if (declared.has(key.toLowerCase()) || globalConditionKey(key)) return;
    problems.push({ field: `${field}[${i}]`, message: `\`${key.slice(0, 256)}\` is neither one of \`conditionKeys\` nor a global condition key` });
  });
}

/** The prefix, lowercase-checked, and the definition to store; throws BAD_USER_INPUT listing every problem. */
export function checkServiceInput(input: PutServiceParams): ServiceDefinition {
  const problems: Problems = [];
  const prefix = input.servicePrefix;
  if (!SERVICE_PREFIX.test(prefix)) problems.push({ field: 'servicePrefix', message: 'must be 1 to 40 lowercase letters, digits and hyphens' });
  const name = input.serviceName;
  if (name.trim() === '' || name.length > SERVICE_LIMITS.serviceName || /\p{Cc}/u.test(name)) {
    problems.push({ field: 'serviceName', message: `must be 1 to ${SERVICE_LIMITS.serviceName} characters, not blank, without control characters` });
  }
  const keys = input.conditionKeys ?? [];
  const types = input.resourceTypes ?? [];
  const actions = input.actions;
  if (actions.length === 0) problems.push({ field: 'actions', message: 'must list at least one action' });
  const bounded = ![
    tooMany(problems, 'conditionKeys', keys, SERVICE_LIMITS.conditionKeys),
    tooMany(problems, 'resourceTypes', types, SERVICE_LIMITS.resourceTypes),
    tooMany(problems, 'actions', actions, SERVICE_LIMITS.actions),
  ].some(Boolean);
  if (!bounded) requireValid(problems);

  keys.forEach((key, i) => {
    const own = key.name.toLowerCase().startsWith(`${prefix.toLowerCase()}:`) || key.name.toLowerCase().startsWith('aws:');
    if (!CONDITION_KEY.test(key.name) || !own) {
      problems.push({ field: `conditionKeys[${i}].name`, message: `\`${key.name.slice(0, 256)}\` must be \`${prefix}:Name\` (or \`aws:Name\`), at most ${SERVICE_LIMITS.conditionKeyName} printable characters` });
    }
  });
  duplicates(problems, 'conditionKeys', keys.map((k) => k.name), 'condition key');
  const declared = new Set(keys.map((k) => k.name.toLowerCase()));

  types.forEach((type, i) => {
    if (!RESOURCE_TYPE_NAME.test(type.name)) problems.push({ field: `resourceTypes[${i}].name`, message: 'must be 1 to 128 letters, digits, `_` and `-`' });
    if (!isArnFormat(type.arnFormat)) {
      problems.push({ field: `resourceTypes[${i}].arnFormat`, message: `must be an ARN \`arn:\${Partition}:service:region:account:resource\` of at most ${SERVICE_LIMITS.arnFormat} characters` });
    }
    checkKeyRefs(problems, `resourceTypes[${i}].conditionKeys`, type.conditionKeys ?? [], declared);
  });
  duplicates(problems, 'resourceTypes', types.map((t) => t.name), 'resource type');
  const typeByName = new Map(types.map((t) => [t.name.toLowerCase(), t]));

  actions.forEach((action, i) => {
    const field = `actions[${i}]`;
    if (!ACTION_NAME.test(action.name)) problems.push({ field: `${field}.name`, message: 'must be 1 to 128 ASCII letters and digits' });
    const refs = action.resourceTypes ?? [];
    if (!tooMany(problems, `${field}.resourceTypes`, refs, SERVICE_LIMITS.resourceTypesPerAction)) {
      refs.forEach((ref, j) => {
        if (!typeByName.has(ref.name.toLowerCase())) {
          problems.push({ field: `${field}.resourceTypes[${j}].name`, message: `\`${ref.name.slice(0, 128)}\` is not one of \`resourceTypes\`` });
        }
      });
      duplicates(problems, `${field}.resourceTypes`, refs.map((r) => r.name), 'resource type');
    }
    checkKeyRefs(problems, `${field}.conditionKeys`, action.conditionKeys ?? [], declared);
  });
  duplicates(problems, 'actions', actions.map((a) => a.name), 'action');
  requireValid(problems);

  return {
    actions: actions
      .map((action) => ({
        name: action.name,
        accessLevel: action.accessLevel,
        resourceTypes: (action.resourceTypes ?? []).map((ref) => {
          const type = typeByName.get(ref.name.toLowerCase())!;
          return { name: type.name, required: ref.required ?? false, arnFormats: [type.arnFormat] };
        }),
        conditionKeys: [...(action.conditionKeys ?? [])],
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    resourceTypes: types.map((t) => ({ name: t.name, arnFormats: [t.arnFormat], conditionKeys: [...(t.conditionKeys ?? [])] })),
    conditionKeys: keys.map((k) => ({ name: k.name, type: k.type })),
  };
}

function isArnFormat(format: string): boolean {
  if (format.length > SERVICE_LIMITS.arnFormat || /[\s\p{Cc}]/u.test(format)) return false;
  const parts = format.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[1] !== '' && parts[2] !== '' && parts.slice(5).join(':') !== '';
}
