import { describe, expect, it } from "vitest";
import { errorMessage, errorWithName } from "./error-message.js";

class TimeoutError extends Error {
  override name = "TimeoutError";
}

describe("errorMessage", () => {
  it("is the message of an Error, whatever its class", () => {
    expect(errorMessage(new Error("database down"))).toBe("database down");
    expect(errorMessage(new TimeoutError("no ack within 5000 ms"))).toBe("no ack within 5000 ms");
  });

  it("is the string of anything else thrown, and never a stack", () => {
    expect(errorMessage("plain string")).toBe("plain string");
    expect(errorMessage(42)).toBe("42");
    expect(errorMessage(undefined)).toBe("undefined");
    expect(errorMessage(new Error("boom"))).not.toMatch(/\bat /);
  });
});

describe("errorWithName", () => {
  it("prefixes the class name", () => {
    expect(errorWithName(new TimeoutError("no ack within 5000 ms"))).toBe(
      "TimeoutError: no ack within 5000 ms",
    );
    expect(errorWithName(new Error("down"))).toBe("Error: down");
    expect(errorWithName("plain string")).toBe("plain string");
  });
});
