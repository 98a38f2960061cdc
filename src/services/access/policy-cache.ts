// Compiled policies, cached across requests. A stored document's cache key changes whenever its
// text can (a new policy version, an inline policy update), so entries never go stale; the
// cache is bounded, so it never grows without limit.
import { LRUCache } from 'lru-cache';
import { compilePolicy, type CompiledPolicy, type EvaluationPolicyType } from '../../policy/index.ts';
import type { StoredDocument } from './load-principal.ts';

export class CompiledPolicyCache {
  readonly #cache: LRUCache<string, CompiledPolicy>;

  constructor(max = 20_000) {
    this.#cache = new LRUCache({ max });
  }

  /** The compiled form of a stored document, compiling it on first use. */
  get(document: StoredDocument, type: EvaluationPolicyType): CompiledPolicy {
    const key = `${type}|${document.cacheKey}`;
    let compiled = this.#cache.get(key);
    if (!compiled) {
      compiled = compilePolicy(document.text, { id: document.policyId, type });
      this.#cache.set(key, compiled);
    }
    return compiled;
  }
}
