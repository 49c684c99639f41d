import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { errorDetails, toApiError } from "./errors.js";

// A procedure's thrown error reaches toApiError wrapped by tRPC as INTERNAL_SERVER_ERROR.
const thrown = (cause: unknown) => new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause });

describe("domain errors → API errors", () => {
  it.each([
    [new NotFoundError("workstream", "ws-1"), "NOT_FOUND", "workstream ws-1 not found"],
    [
      new ConflictError("task is done; cannot move to blocked", "done"),
      "CONFLICT",
      "task is done; cannot move to blocked",
    ],
    [new InvalidInputError("domain", 'unknown domain "x"'), "BAD_REQUEST", 'domain: unknown domain "x"'],
  ])("%s becomes %s with its message and cause kept", (cause, code, message) => {
    const mapped = toApiError(thrown(cause));
    expect(mapped.code).toBe(code);
    expect(mapped.message).toBe(message);
    expect(mapped.cause).toBe(cause);
  });

  it("gives the conflict's current state and the invalid field to the caller", () => {
    expect(errorDetails(toApiError(thrown(new ConflictError("no", "completed"))))).toEqual({
      currentState: "completed",
    });
    expect(errorDetails(toApiError(thrown(new InvalidInputError("repo", "unknown repo"))))).toEqual({
      fieldErrors: { repo: ["unknown repo"] },
      formErrors: [],
    });
  });

  it("hides anything unrecognised behind a generic message", () => {
    const mapped = toApiError(thrown(new Error("secret detail at /srv/x.ts:12")));
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).toBe("internal server error");
  });

  it("lets an error raised on purpose through unchanged", () => {
    const forbidden = new TRPCError({ code: "FORBIDDEN", message: "read scope" });
    expect(toApiError(forbidden)).toBe(forbidden);
  });

  it("names the class and keeps the code on every domain error", () => {
    const error = new NotFoundError("repo", "a/b");
    expect(error.name).toBe("NotFoundError");
    expect(error.code).toBe("NOT_FOUND");
    expect(error).toBeInstanceOf(Error);
  });
});
