// graphql-js names a variable that does not fit its type with the whole value it got: `Variable
// "$input" got invalid value { email: "...", password: "hunter2" }; ...`. A password, a seed or a
// secret would travel back in the error (and into whatever logs responses on the way), so the
// value is cut out; the variable, the path into it and the reason stay.
//
// graphql-js builds the message as `Variable "$v" got invalid value <value>[ at "<path>"]; <reason>`
// where <reason> is its original error's message: knowing the reason, the rest splits exactly.

const HEAD = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value /;
// Scalars' reasons repeat the value after a colon: `String cannot represent a non string value: 7`.
const VALUE_IN_REASON = /^(.*?\bcannot represent[^:]*):.*$/s;

/** The message without the value a variable got; other messages as they are. */
export function withoutVariableValues(message: string, reason: string | undefined): string {
  const head = HEAD.exec(message);
  if (!head) return message;
  const name = head[1]!;
  if (reason === undefined || !message.endsWith(`; ${reason}`)) return `Variable "$${name}" got an invalid value`;
  const prefix = message.slice(0, message.length - reason.length - 2);
  // The path comes after the value, so its marker is the last one.
  const at = prefix.lastIndexOf(` at "${name}`);
  const path = at >= 0 && prefix.endsWith('"') ? prefix.slice(at + 5, -1) : undefined;
  const safePath = path !== undefined && /^[A-Za-z0-9_.[\]]+$/.test(path) ? ` at "${path}"` : '';
  return `Variable "$${name}" got an invalid value${safePath}: ${reason.replace(VALUE_IN_REASON, '$1')}`;
}
