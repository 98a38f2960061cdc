// AWS IAM's rules for names, paths, descriptions and tags. Each rule returns the problems it finds as data
// (field and message), so an input with several mistakes is reported whole, in one error.
import { GatehouseError } from '../errors.ts';

export interface InputProblem {
  /** the input as the client wrote it, e.g. `tags[2].key` */
  readonly field: string;
  readonly message: string;
}

const NAME_CHAR = /[\w+=,.@-]/;
const PATH_CHAR = /[\u0021-\u007E]/;
const TAG_CHAR = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u;

export const NAME_LIMITS = { user: 64, role: 64, group: 128, policy: 128, inlinePolicy: 128 } as const;

/** Throws one BAD_USER_INPUT listing every problem in `extensions.problems`; `field` names the first. */
export function requireValid(problems: readonly InputProblem[]): void {
  const [first] = problems;
  if (!first) return;
  const message = problems.map((problem) => `\`${problem.field}\`: ${problem.message}`).join('; ');
  throw new GatehouseError('BAD_USER_INPUT', message, { field: first.field, problems });
}

/** The characters of `value` that `allowed` refuses, each once, in order, for messages. */
function refusedCharacters(value: string, allowed: RegExp): string[] {
  const refused = new Set<string>();
  for (const ch of value) if (!allowed.test(ch)) refused.add(ch);
  return [...refused];
}

function describeCharacters(chars: readonly string[]): string {
  const shown = chars.slice(0, 5).map((ch) => (/\s/.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `\`${ch}\``));
  return shown.join(', ') + (chars.length > 5 ? ` and ${chars.length - 5} more` : '');
}

export function nameProblems(field: string, value: string, maxLength: number): InputProblem[] {
  const problems: InputProblem[] = [];
  if (value.length < 1 || value.length > maxLength) problems.push({ field, message: `must be 1 to ${maxLength} characters, got ${value.length}` });
  const refused = refusedCharacters(value, NAME_CHAR);
  if (refused.length) {
    problems.push({ field, message: `contains ${describeCharacters(refused)}: a name may contain only ASCII letters, digits and \`+=,.@_-\`` });
  }
  return problems;
}

export function pathProblems(field: string, value: string): InputProblem[] {
  const problems: InputProblem[] = [];
  if (value.length > 512) problems.push({ field, message: `must be at most 512 characters, got ${value.length}` });
  if (!value.startsWith('/')) problems.push({ field, message: 'must begin with `/`' });
  else if (!value.endsWith('/')) problems.push({ field, message: 'must end with `/`' });
  const doubled = value.indexOf('//');
  if (doubled >= 0) problems.push({ field, message: `has an empty segment: \`//\` at position ${doubled}` });
  const refused = refusedCharacters(value, PATH_CHAR);
  if (refused.length) {
    problems.push({ field, message: `contains ${describeCharacters(refused)}: a path may contain only ASCII characters from \`!\` to \`~\`` });
  }
  return problems;
}

export function pathPrefixProblems(field: string, value: string): InputProblem[] {
  const problems: InputProblem[] = [];
  if (value.length > 512) problems.push({ field, message: `must be at most 512 characters, got ${value.length}` });
  if (!value.startsWith('/')) problems.push({ field, message: 'must begin with `/`' });
  return problems;
}

export function descriptionProblems(field: string, value: string | null | undefined): InputProblem[] {
  if (value == null || value.length <= 1000) return [];
  return [{ field, message: `must be at most 1000 characters, got ${value.length}` }];
}

export interface TagInput {
  key: string;
  value: string;
}

export function tagProblems(field: string, tags: readonly TagInput[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  tags.forEach((tag, index) => {
    const key = `${field}[${index}].key`;
    const value = `${field}[${index}].value`;
    if (tag.key.length < 1 || tag.key.length > 128) problems.push({ field: key, message: `must be 1 to 128 characters, got ${tag.key.length}` });
    if (tag.value.length > 256) problems.push({ field: value, message: `must be at most 256 characters, got ${tag.value.length}` });
    for (const [at, text] of [[key, tag.key], [value, tag.value]] as const) {
      const refused = refusedCharacters(text, TAG_CHAR);
      if (refused.length) problems.push({ field: at, message: `contains ${describeCharacters(refused)}: tags may contain only letters, digits, spaces and \`_.:/=+-@\`` });
    }
    const lower = tag.key.toLowerCase();
    if (lower.startsWith('aws:')) problems.push({ field: key, message: 'the `aws:` prefix is reserved' });
    if (seen.has(lower)) problems.push({ field: key, message: `duplicate tag key \`${tag.key}\` (keys ignore case)` });
    seen.add(lower);
  });
  return problems;
}

/** One name, checked on its own: the name, or BAD_USER_INPUT. */
export function checkName(field: string, value: string, maxLength: number): string {
  requireValid(nameProblems(field, value, maxLength));
  return value;
}

export function checkPath(field: string, value: string): string {
  requireValid(pathProblems(field, value));
  return value;
}

export function checkPathPrefix(field: string, value: string): string {
  requireValid(pathPrefixProblems(field, value));
  return value;
}

export function checkTags(field: string, tags: readonly TagInput[]): TagInput[] {
  requireValid(tagProblems(field, tags));
  return [...tags];
}
