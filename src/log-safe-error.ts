// What a log line may say about an unexpected error: its kind and codes, never its stack, and
// never a message that could carry SQL text, query arguments or secrets (Prisma's and the
// driver's messages can). Programming errors (TypeError and kin) keep their message: it
// names code, not data, and it is what a maintainer needs.
const PROGRAMMING_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

export interface LogSafeError {
  type: string;
  code?: string;
  message?: string;
}

export function logSafeError(error: unknown): LogSafeError {
  if (!(error instanceof Error)) return { type: typeof error };
  const described: LogSafeError = { type: error.constructor?.name || error.name };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') described.code = String(code);
  if (PROGRAMMING_ERRORS.has(error.name)) described.message = error.message;
  return described;
}

/** For start-up failures the operator must act on: the message, without the stack. */
export function startupError(error: unknown): LogSafeError {
  return error instanceof Error ? { ...logSafeError(error), message: error.message } : logSafeError(error);
}
