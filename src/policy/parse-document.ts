// Turns the caller's document (JSON text or an already-parsed value) into a
// plain object, reporting instead of throwing. Text is read strictly (no repeated
// key, no deep nesting) so every reader of a stored document sees the same policy,
// and both forms are held to IAM's character set.
import { describeCharacter, findDisallowedCharacter, findShapeProblem, MAX_POLICY_DEPTH } from './document-shape.ts';
import { FindingList } from './finding.ts';
import { lineAndColumn, readJson } from './json-reader.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed policy object, or undefined with an ERROR in `findings`. */
export function parseDocument(document: unknown, findings: FindingList): JsonObject | undefined {
  let value = document;
  if (typeof document === 'string') {
    const bad = findDisallowedCharacter(document);
    if (bad >= 0) {
      const where = lineAndColumn(document, bad);
      findings.add('ERROR', 'INVALID_CHARACTER', [], `${describeCharacter(document, bad)} at ${where}: policy text may hold only tab, line feed, carriage return and U+0020 to U+00FF`);
      return undefined;
    }
    const read = readJson(document, { maxDepth: MAX_POLICY_DEPTH });
    if (!read.ok) {
      const { code, message, path } = read.error;
      findings.add('ERROR', code, code === 'JSON_SYNTAX_ERROR' ? [] : path, code === 'JSON_SYNTAX_ERROR' ? `invalid JSON: ${message}` : message);
      return undefined;
    }
    value = read.value;
  }
  // Escapes in text (`\u0100`) and parsed values carry characters the text scan cannot see.
  const problem = findShapeProblem(value);
  if (problem) {
    findings.add('ERROR', problem.code, problem.path, problem.path.length ? `${pathLabel(problem.path)}: ${problem.message}` : problem.message);
    return undefined;
  }
  if (!isObject(value)) {
    findings.add('ERROR', 'DATA_TYPE_MISMATCH', [], 'policy document must be a JSON object');
    return undefined;
  }
  return value;
}

function pathLabel(path: ReadonlyArray<string | number>): string {
  const text = path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
  return `\`${text.length > 120 ? `${text.slice(0, 117)}...` : text}\``;
}

/** A string-or-array element as a list; undefined when some entry is not a string. */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  return undefined;
}
