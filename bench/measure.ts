// The one timing loop every engine figure uses, so rates measured in the same
// run are comparable.
import { evaluate, type EvaluationInput } from '../src/policy/index.ts';

/** Runs evaluate over `inputs` round-robin for about `ms` and returns calls per second. */
export function measure(inputs: readonly EvaluationInput[], ms = 600): number {
  for (let i = 0; i < 2000; i++) evaluate(inputs[i % inputs.length] as EvaluationInput);
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 1000; i++) evaluate(inputs[count++ % inputs.length] as EvaluationInput);
    elapsed = performance.now() - start;
  }
  return Math.round((count / elapsed) * 1000);
}
