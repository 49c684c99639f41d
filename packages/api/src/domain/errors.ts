// Domain failures a caller can cause. Services throw these; the API layer maps each class to
// one tRPC code in one place (NOT_FOUND, CONFLICT, BAD_REQUEST).

export class NotFoundError extends Error {
  readonly entity: string;
  constructor(entity: string, key: string) {
    super(`${entity} ${key} not found`);
    this.name = "NotFoundError";
    this.entity = entity;
  }
}

export class ConflictError extends Error {
  /** The entity's current state, when the conflict is an illegal transition. */
  readonly currentState: string | undefined;
  constructor(message: string, currentState?: string) {
    super(message);
    this.name = "ConflictError";
    this.currentState = currentState;
  }
}

/** Input that passed the schema but is invalid against the data (e.g. an unknown domain slug). */
export class InvalidInputError extends Error {
  readonly fieldErrors: Record<string, string[]>;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "InvalidInputError";
    this.fieldErrors = { [field]: [message] };
  }
}
