// What validatePolicy may know of the service catalog, as plain data: the engine stays pure, and
// the caller (services/access/validate-policy-document.ts) gathers the facts for the services
// a document names. Without facts, validation checks grammar only (the write path).
import type { ContextKeyType } from './types.ts';

export interface CatalogKeyFacts {
  /** As the reference writes it; a `/` part (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`) stands for any tag key. */
  readonly name: string;
  readonly type: ContextKeyType;
}

export interface CatalogActionFacts {
  /** AWS's case, e.g. `GetObject`. */
  readonly name: string;
  /** ARN formats of its resource types (`${...}` stands for any text); empty when it supports only `*`. */
  readonly arnFormats: readonly string[];
  /** Resource type names, for messages. */
  readonly resourceTypes: readonly string[];
  /** Condition keys it supports, its resource types' included (global keys always apply). */
  readonly conditionKeys: readonly string[];
}

export interface CatalogServiceFacts {
  readonly actions: readonly CatalogActionFacts[];
  readonly conditionKeys: readonly CatalogKeyFacts[];
}

export interface CatalogFacts {
  /** By lowercase service prefix; a prefix the catalog does not know is absent. */
  readonly services: ReadonlyMap<string, CatalogServiceFacts>;
  /** The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/tag-key`, ...). */
  readonly globalKeys: readonly CatalogKeyFacts[];
}

/** Whether condition key `key` is the key `declared` names (case-insensitive; a tag part is any text). */
export function keyMatches(declared: string, key: string): boolean {
  const d = declared.toLowerCase();
  const k = key.toLowerCase();
  const slash = d.indexOf('/');
  if (slash < 0) return d === k;
  return k.length > slash + 1 && k.startsWith(d.slice(0, slash + 1));
}

/** The service prefixes a document's actions and condition keys name, lowercase: what to gather facts for. */
export function catalogPrefixes(actions: readonly string[], conditionKeys: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const name of [...actions, ...conditionKeys]) {
    const colon = name.indexOf(':');
    const prefix = name.slice(0, colon).toLowerCase();
    if (colon > 0 && !/[*?]/.test(prefix)) prefixes.add(prefix);
  }
  return [...prefixes];
}

/**
 * Whether two ARN patterns (`*` any run, `?` one character, `${...}` any run) can match one ARN,
 * ignoring case. Costs pattern length x pattern length steps, taken from `budget`; answers true
 * (no finding) once the budget is spent, so a document's review costs bounded time.
 */
export function arnPatternsMeet(a: string, b: string, budget: { steps: number }): boolean {
  const x = toGlob(a);
  const y = toGlob(b);
  const n = x.length;
  const m = y.length;
  budget.steps -= (n + 1) * (m + 1);
  if (budget.steps < 0) return true;
  // meet[i][j]: x from i and y from j can match a common text; filled from the ends
  let next = new Uint8Array(m + 1);
  let row = new Uint8Array(m + 1);
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      const cx = x[i];
      const cy = y[j];
      let ok = false;
      if (i === n && j === m) ok = true;
      else if (cx === STAR && (next[j] === 1 || (j < m && row[j + 1] === 1))) ok = true;
      else if (cy === STAR && (row[j + 1] === 1 || (i < n && next[j] === 1))) ok = true;
      else if (i < n && j < m && cx !== STAR && cy !== STAR && (cx === ONE || cy === ONE || cx === cy)) ok = next[j + 1] === 1;
      row[j] = ok ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

const STAR = -1;
const ONE = -2;

/** Code points, lowercased; `*` and `${...}` as STAR, `?` as ONE. */
function toGlob(pattern: string): number[] {
  const out: number[] = [];
  const text = pattern.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        if (out[out.length - 1] !== STAR) out.push(STAR);
        i = end;
        continue;
      }
    }
    if (ch === '*') {
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else out.push(ch === '?' ? ONE : ch.charCodeAt(0));
  }
  return out;
}
