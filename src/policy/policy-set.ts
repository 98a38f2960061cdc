// An index over compiled statements by service prefix and by the start of the
// action name, so a request only looks at statements that could match its
// action. Build once per set of attached policies and reuse.
import type { CompiledPolicy } from './compile-policy.ts';
import type { CompiledStatement } from './compile-statement.ts';

interface Entry { readonly ordinal: number; readonly statement: CompiledStatement }

interface ServiceBucket {
  /** action names without wildcards */
  readonly exact: Map<string, Entry[]>;
  /** wildcard names with a literal first character, keyed by it */
  readonly byFirst: Map<string, Entry[]>;
  /** names starting with a wildcard */
  readonly open: Entry[];
}

// Bounded so a long-lived set cannot grow without limit on odd action names.
const MEMO_LIMIT = 4096;

export class PolicySet<L = unknown> {
  readonly policies: readonly CompiledPolicy<L>[];
  private readonly everywhere: Entry[] = [];
  private readonly services = new Map<string, ServiceBucket>();
  private readonly memo = new Map<string, readonly CompiledStatement[]>();

  constructor(policies: readonly CompiledPolicy<L>[]) {
    this.policies = policies;
    let ordinal = 0;
    for (const policy of policies) {
      for (const statement of policy.statements) this.add({ ordinal: ordinal++, statement });
    }
  }

  /** Statements that may match `action` (lowercased), in policy then statement order. */
  candidates(action: string): readonly CompiledStatement[] {
    const cached = this.memo.get(action);
    if (cached) return cached;
    const found = this.lookup(action);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(action, found);
    return found;
  }

  /** Every statement, for explain traces. */
  allStatements(): CompiledStatement[] {
    return this.policies.flatMap((p) => p.statements);
  }

  private add(entry: Entry): void {
    const { statement } = entry;
    if (statement.notAction) return push(this.everywhere, entry);
    for (const action of statement.actions) {
      if (action.service === null) {
        push(this.everywhere, entry);
        continue;
      }
      const bucket = this.bucket(action.service);
      const first = action.name.charAt(0);
      if (!/[*?]/.test(action.name)) pushKeyed(bucket.exact, action.name, entry);
      else if (first === '*' || first === '?') push(bucket.open, entry);
      else pushKeyed(bucket.byFirst, first, entry);
    }
  }

  private bucket(service: string): ServiceBucket {
    let bucket = this.services.get(service);
    if (!bucket) {
      bucket = { exact: new Map(), byFirst: new Map(), open: [] };
      this.services.set(service, bucket);
    }
    return bucket;
  }

  private lookup(action: string): CompiledStatement[] {
    const colon = action.indexOf(':');
    const name = colon < 0 ? '' : action.slice(colon + 1);
    const bucket = this.services.get(colon < 0 ? action : action.slice(0, colon));
    const lists = [this.everywhere, bucket?.exact.get(name), bucket?.byFirst.get(name.charAt(0)), bucket?.open]
      .filter((l): l is Entry[] => l !== undefined && l.length > 0);
    const merged = lists.length === 1 ? (lists[0] ?? []) : lists.flat().sort((a, b) => a.ordinal - b.ordinal);
    const out: CompiledStatement[] = [];
    let last = -1;
    for (const entry of merged) {
      if (entry.ordinal !== last) out.push(entry.statement);
      last = entry.ordinal;
    }
    return out;
  }
}

// A statement listing several actions of one bucket is stored there once.
function push(list: Entry[], entry: Entry): void {
  if (list[list.length - 1]?.ordinal !== entry.ordinal) list.push(entry);
}

function pushKeyed(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list) push(list, entry);
  else map.set(key, [entry]);
}

/** Indexes compiled policies by service and action prefix; build once, reuse for many evaluations. */
export function createPolicySet<L = unknown>(policies: readonly CompiledPolicy<L>[]): PolicySet<L> {
  return new PolicySet(policies);
}
