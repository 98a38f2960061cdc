// AWS IAM's rules for names, paths and tags. Each check throws BAD_USER_INPUT naming the field.
import { badInput } from '../errors.ts';

const NAME_CHARS = /^[\w+=,.@-]+$/;
const PATH_FORMAT = /^\/(?:[\u0021-\u007E]+\/)?$/;

export const NAME_LIMITS = { user: 64, role: 64, group: 128, policy: 128, inlinePolicy: 128 } as const;

export function checkName(field: string, value: string, maxLength: number): string {
  if (value.length < 1 || value.length > maxLength) throw badInput(field, `must be 1 to ${maxLength} characters`);
  if (!NAME_CHARS.test(value)) throw badInput(field, `\`${value}\` may contain only letters, digits and \`+=,.@_-\``);
  return value;
}

export function checkPath(field: string, value: string): string {
  if (value.length > 512) throw badInput(field, 'must be at most 512 characters');
  if (!PATH_FORMAT.test(value) || value.includes('//')) {
    throw badInput(field, `\`${value}\` must begin and end with \`/\`, like \`/\` or \`/division/team/\``);
  }
  return value;
}

export function checkPathPrefix(field: string, value: string): string {
  if (value.length > 512 || !value.startsWith('/')) throw badInput(field, 'must begin with `/` and be at most 512 characters');
  return value;
}

export interface TagInput {
  key: string;
  value: string;
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTags(field: string, tags: readonly TagInput[]): TagInput[] {
  const seen = new Set<string>();
  tags.forEach((tag, index) => {
    const at = `${field}[${index}]`;
    if (tag.key.length < 1 || tag.key.length > 128) throw badInput(`${at}.key`, 'must be 1 to 128 characters');
    if (tag.value.length > 256) throw badInput(`${at}.value`, 'must be at most 256 characters');
    if (!TAG_CHARS.test(tag.key) || !TAG_CHARS.test(tag.value)) {
      throw badInput(at, 'may contain only letters, digits, spaces and `_.:/=+-@`');
    }
    if (tag.key.toLowerCase().startsWith('aws:')) throw badInput(`${at}.key`, 'the `aws:` prefix is reserved');
    const lower = tag.key.toLowerCase();
    if (seen.has(lower)) throw badInput(`${at}.key`, `duplicate tag key \`${tag.key}\``);
    seen.add(lower);
  });
  return [...tags];
}
