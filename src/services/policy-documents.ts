// Policy documents on their way into storage: accepted as an object or a JSON string,
// validated by the policy engine's validator (every problem at once), stored as text. The
// stored text is what clients read back (as AWS returns a document as submitted) and what the
// evaluator compiles, once per policy version.
import { badInput, limitExceeded } from '../errors.ts';
import { exceedsDepth, MAX_POLICY_DEPTH, validatePolicy, type ValidationPolicyType } from '../policy/index.ts';
import { malformedDocuments } from './validation-findings.ts';

/** AWS's quota for one managed policy version, whitespace not counted. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * Refuses a document argument that is not an object or a string, or an object nested deeper
 * than any policy needs (before anything walks it recursively, as JSON.stringify does).
 */
export function checkDocumentArgument(field: string, document: unknown): void {
  if (typeof document === 'string') return;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw badInput(field, 'must be a JSON object or a string holding one');
  }
  if (exceedsDepth(document, MAX_POLICY_DEPTH)) throw badInput(field, `nests deeper than ${MAX_POLICY_DEPTH} levels`);
}

/**
 * The document as the text to store: a string is kept exactly as written (whitespace, key
 * order, escapes), an object becomes its canonical text.
 */
export function documentText(field: string, document: unknown): string {
  checkDocumentArgument(field, document);
  return typeof document === 'string' ? document : canonicalDocumentText(document as object);
}

/**
 * The canonical text of a document given as a JSON object: compact (no whitespace), keys in the
 * order given, strings escaped only where JSON requires (`"`, `\`, control characters). This is
 * JSON.stringify's output; schema.graphql promises clients exactly this.
 */
export function canonicalDocumentText(document: object): string {
  return JSON.stringify(document);
}

/** Characters that count against IAM's size quotas: all but whitespace. */
export function countedLength(text: string): number {
  return text.replace(/\s/g, '').length;
}

/** Returns the text to store, or throws MALFORMED_POLICY_DOCUMENT listing every error found. */
export function checkPolicyDocument(field: string, document: unknown, policyType: ValidationPolicyType): string {
  const text = documentText(field, document);
  // The document as given, as validatePolicy sees it, so both report the same findings.
  const refusal = malformedDocuments([{ field, findings: validatePolicy(document, policyType) }]);
  if (refusal) throw refusal;
  return text;
}

export function checkManagedPolicySize(text: string): void {
  if (countedLength(text) > MANAGED_POLICY_MAX_CHARS) {
    throw limitExceeded(`a managed policy may be at most ${MANAGED_POLICY_MAX_CHARS} characters, whitespace not counted`);
  }
}

/** Parses stored text for output; stored documents were validated, so this cannot fail. */
export function parseStoredDocument(text: string): unknown {
  return JSON.parse(text);
}
