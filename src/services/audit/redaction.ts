// What an audit record may keep of a call's input and result: plain JSON, secrets replaced, and
// bounded in size, so that no password, token, key secret or seed reaches the trail and one call
// cannot write an unbounded record.
const SECRET_KEY = /password|secret|token|seed|code|qr|private|otpauth|uri/i;
// an otpauth:// URI carries the TOTP seed in its query, whatever key holds it
const SECRET_VALUE = /^otpauth:/i;
export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;
const MAX_STRING = 2048;
/** The whole `changes` value, encoded; above it only a note that it was cut is kept. */
const MAX_BYTES = 16_384;

/** `value` as JSON the trail can keep: keys that name secrets redacted, Dates as ISO strings, BigInts as strings. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? REDACTED : value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}...` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => redact(item, depth + 1));
  if (value instanceof Uint8Array) return REDACTED;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>).slice(0, MAX_ITEMS)) {
    if (typeof inner === 'function') continue;
    // a flag or a count under a secret-sounding name (passwordResetRequired) is no secret
    const plain = typeof inner === 'boolean' || typeof inner === 'number' || inner === null;
    out[key] = SECRET_KEY.test(key) && !plain ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}

const TRUNCATED = { truncated: true };

/**
 * The `changes` column of a mutation's record: its input, its targets' state before and after
 * (when it succeeded), and its result, redacted and bounded. What does not fit is cut from the
 * least telling end: the result first, then the states.
 */
export function changesOf(input: unknown, ended: { result?: unknown; before?: unknown; after?: unknown }): unknown {
  const states = ended.before === undefined && ended.after === undefined ? {} : { before: redact(ended.before), after: redact(ended.after) };
  const whole = { input: redact(input), ...states, result: redact(ended.result) };
  const attempts = [whole, { ...whole, result: TRUNCATED }, { input: whole.input, ...(states.before !== undefined ? { before: TRUNCATED, after: TRUNCATED } : {}), result: TRUNCATED }];
  return attempts.find((changes) => JSON.stringify(changes).length <= MAX_BYTES) ?? TRUNCATED;
}
