// Turns the caller's document (JSON text or an already-parsed value) into a
// plain object, reporting instead of throwing.
import { FindingList, quote } from './finding.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed policy object, or undefined with an ERROR in `findings`. */
export function parseDocument(document: unknown, findings: FindingList): JsonObject | undefined {
  let value = document;
  if (typeof document === 'string') {
    try {
      value = JSON.parse(document) as unknown;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      findings.add('ERROR', 'JSON_SYNTAX_ERROR', [], `invalid JSON: ${quote(detail)}`);
      return undefined;
    }
  }
  if (!isObject(value)) {
    findings.add('ERROR', 'DATA_TYPE_MISMATCH', [], 'policy document must be a JSON object');
    return undefined;
  }
  return value;
}

/** A string-or-array element as a list; undefined when some entry is not a string. */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  return undefined;
}
