// whoCan's candidates: the principals that hold at least one Allow statement whose action
// pattern matches the action. Every identity document of the account is indexed once (a
// createPolicySet over all of them: statements by service and action prefix), with the
// principals each document reaches through attachments and groups; only statements with a
// wildcard service or NotAction are looked at for every action (the full scan the issue allows).
import { createPolicySet, labelPolicy, matchAction, type PolicySet } from '../../policy/index.ts';
import type { CompiledPolicyCache } from '../access/policy-cache.ts';
import type { AccountSnapshot } from './account-snapshot.ts';

export class CandidateIndex {
  readonly #documents: PolicySet<number>;
  /** per document (by its number), the principals (by position in the snapshot) it reaches */
  readonly #reach: number[][] = [];

  constructor(snapshot: AccountSnapshot, policies: CompiledPolicyCache) {
    const numbers = new Map<string, number>();
    const compiled = [];
    for (const [position, { record }] of snapshot.principals.entries()) {
      for (const document of record.identityDocuments) {
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

  /** Positions in the snapshot of the principals that may be allowed `action`, ascending. */
  candidates(action: string): number[] {
    const lower = action.toLowerCase();
    const found = new Set<number>();
    for (const s of this.#documents.candidates(lower)) {
      if (s.effect !== 'Allow' || !matchAction(s, lower)) continue;
      for (const position of this.#reach[s.label as number] ?? []) found.add(position);
    }
    return [...found].sort((a, b) => a - b);
  }
}
