import { describe, expect, it } from "vitest";
import { errorMessage } from "./error-message.js";

describe("errorMessage", () => {
  it("is the message of a plain Error, name and message of a more specific one", () => {
    expect(errorMessage(new Error("database down"))).toBe("database down");
    expect(errorMessage(new TypeError("not a function"))).toBe("TypeError: not a function");
    class TimeoutError extends Error {
      override name = "TimeoutError";
    }
    expect(errorMessage(new TimeoutError("no ack within 5000 ms"))).toBe(
      "TimeoutError: no ack within 5000 ms",
    );
  });

  it("is the string of anything else thrown, and never a stack", () => {
    expect(errorMessage("plain string")).toBe("plain string");
    expect(errorMessage(42)).toBe("42");
    expect(errorMessage(undefined)).toBe("undefined");
    expect(errorMessage(new Error("boom"))).not.toMatch(/\bat /);
  });
});
