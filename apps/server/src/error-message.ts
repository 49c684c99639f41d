/**
 * What an error says, for a log line, a readiness detail or a one-line CLI message: its
 * message, prefixed by its name when that tells more than "Error" (TimeoutError, PostgresError);
 * anything thrown that is not an Error, as a string. Never a stack.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
}
