// PostgreSQL refuses U+0000 and lone surrogates in text and jsonb. A record holds what a caller
// sent (its input, the names it gave, an error message quoting them): were such a character kept,
// the record could not be written, and a hostile call would leave no trace. Each becomes U+FFFD.
const UNSTORABLE = /\u0000|\p{Cs}/gu;

/** `value` with every string in it (object keys too) storable; other values as they are. */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storable(key), storable(inner)])) as T;
}
