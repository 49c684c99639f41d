// What a thrown value says, as one line without a stack: the one way the server turns errors
// into text, for people (CLI lines, readiness details, start-up messages) and for logs.

/** The message of an Error; anything else thrown, as a string. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `Name: message` — for logs of infrastructure failures, where the class (TimeoutError,
 * PostgresError) tells what failed as much as the message does.
 */
export function errorWithName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
