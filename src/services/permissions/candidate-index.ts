// whoCan's candidates: the principals that hold at least one Allow statement whose action
// pattern matches the action. Every identity document of the account is indexed once (a
// createPolicySet over all of them: statements by service and action prefix), with the
// principals each document reaches through attachments and groups; only statements with a
// wildcard service or NotAction are looked at for every action (the full scan the issue allows).
import { createPolicySet, labelPolicy, matchAction, type PolicySet } from '../../policy/index.ts';
import type { StoredDocument } from '../access/load-principal.ts';
import type { CompiledPolicyCache } from '../access/policy-cache.ts';

const MEMO_LIMIT = 1024;

export class CandidateIndex {
  readonly #documents: PolicySet<number>;
  /** per document (by its number), the holders (by position) it reaches */
  readonly #reach: number[][] = [];

  /** `holders`: each principal's (or group's) identity documents, by position. */
  constructor(holders: ReadonlyArray<readonly StoredDocument[]>, policies: CompiledPolicyCache) {
    const numbers = new Map<string, number>();
    const compiled = [];
    for (const [position, documents] of holders.entries()) {
      for (const document of documents) {
        let number = numbers.get(document.cacheKey);
        if (number === undefined) {
          number = compiled.length;
          numbers.set(document.cacheKey, number);
          compiled.push(labelPolicy(policies.get(document, 'IDENTITY'), number));
          this.#reach.push([]);
        }
        const reach = this.#reach[number]!;
        if (reach[reach.length - 1] !== position) reach.push(position);
      }
    }
    this.#documents = createPolicySet(compiled);
  }

  readonly #memo = new Map<string, readonly number[]>();

  /** Positions of the holders that may be allowed `action`, ascending. */
  candidates(action: string): readonly number[] {
    const lower = action.toLowerCase();
    const known = this.#memo.get(lower);
    if (known) return known;
    const found = this.#lookup(lower);
    // bounded, as PolicySet's own memo is
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
    this.#memo.set(lower, found);
    return found;
  }

  #lookup(lower: string): number[] {
    const found = new Set<number>();
    for (const s of this.#documents.candidates(lower)) {
      if (s.effect !== 'Allow' || !matchAction(s, lower)) continue;
      for (const position of this.#reach[s.label as number] ?? []) found.add(position);
    }
    return [...found].sort((a, b) => a - b);
  }
}
