// Relay cursors: opaque to clients and bound to the list (and filters) that gave them out.
//
// A cursor is sealed with AES-256-GCM so that a client can neither read it (and come to depend
// on its layout) nor edit it without the server noticing. It is not a secret: it only names the
// last row of a page the caller has already seen. So the key is fixed rather than configured,
// which keeps cursors valid across server processes and restarts.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { badInput } from '../errors.ts';

const KEY = createHash('sha256').update('gatehouse page cursor v1').digest();
const PREFIX = 'c1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A cursor holds a sort key (a name key or an MFA serial number, at most 256 characters) and a digest; anything longer is not ours. */
const MAX_CURSOR_LENGTH = 1024;

/** Which list a cursor belongs to: the connection's name and a digest of its filters. */
export interface CursorScope {
  readonly list: string;
  readonly filters: Readonly<Record<string, unknown>>;
}

interface Sealed {
  /** list name */
  l: string;
  /** filter digest */
  f: string;
  /** the sort key of the last row on the page */
  k: string;
}

function digestFilters(filters: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(Object.keys(filters).sort().map((key) => [key, filters[key] ?? null]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** The cursor that continues `scope` after the row whose sort key is `key`. */
export function sealCursor(scope: CursorScope, key: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv);
  const payload: Sealed = { l: scope.list, f: digestFilters(scope.filters), k: key };
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sort key a cursor continues after; BAD_USER_INPUT (field `after`) for any other cursor. */
export function openCursor(scope: CursorScope, cursor: string): string {
  const refuse = () => badInput('after', 'is not a cursor that this list gave out with these filters');
  if (cursor.length > MAX_CURSOR_LENGTH || !cursor.startsWith(PREFIX)) throw refuse();
  const raw = Buffer.from(cursor.slice(PREFIX.length), 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) throw refuse();
  let payload: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', KEY, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    payload = JSON.parse(text);
  } catch {
    throw refuse();
  }
  const sealed = payload as Partial<Sealed>;
  if (sealed.l !== scope.list || sealed.f !== digestFilters(scope.filters) || typeof sealed.k !== 'string') throw refuse();
  return sealed.k;
}
