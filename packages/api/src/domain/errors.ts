// Failures a caller can cause. Every one is a StateHubError with a `code` (what kind of
// failure, stable, machine-readable) and an optional `cause` (what went wrong underneath), as
// nats.js v3 does for its errors. The API layer turns a code into a tRPC code with one table
// (trpc/errors.ts); the message travels unchanged.

export type StateHubErrorCode = "NOT_FOUND" | "CONFLICT" | "INVALID_INPUT";

export class StateHubError extends Error {
  readonly code: StateHubErrorCode;
  constructor(code: StateHubErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The entity a call is about does not exist. */
export class NotFoundError extends StateHubError {
  readonly entity: string;
  constructor(entity: string, key: string) {
    super("NOT_FOUND", `${entity} ${key} not found`);
    this.entity = entity;
  }
}

/** The call contradicts the current state: an illegal transition, a taken key. */
export class ConflictError extends StateHubError {
  /** The entity's current state, when the conflict is an illegal transition. */
  readonly currentState: string | undefined;
  constructor(message: string, currentState?: string) {
    super("CONFLICT", message);
    this.currentState = currentState;
  }
}

/** Input that passed the schema but is invalid against the data (e.g. an unknown domain slug). */
export class InvalidInputError extends StateHubError {
  readonly fieldErrors: Record<string, string[]>;
  constructor(field: string, message: string) {
    super("INVALID_INPUT", `${field}: ${message}`);
    this.fieldErrors = { [field]: [message] };
  }
}
