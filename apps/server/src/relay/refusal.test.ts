import { JetStreamApiError } from "@nats-io/jetstream";
import {
  InvalidArgumentError,
  NoRespondersError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { describeRefusal, refusalCause } from "./refusal.js";

// The errors as nats.js v3 raises them for a JetStream publish (checked against nats-server 2.9
// in refusals.test.ts, which makes the server refuse for real).

const apiError = (code: number, description: string) =>
  new JetStreamApiError({ code: 400, err_code: code, description });
const noResponders = () => {
  const error = new Error("jetstream is not enabled", {
    cause: new RequestError("no responders", { cause: new NoRespondersError("org.statehub.x") }),
  });
  error.name = "JetStreamNotEnabled";
  return error;
};

describe("telling a permanent refusal from a transient failure", () => {
  it("names the permanent ones", () => {
    expect(refusalCause(InvalidArgumentError.format("payload", "max_payload size exceeded"))).toBe(
      "payload-too-large",
    );
    expect(refusalCause(apiError(10054, "message size exceeds maximum allowed"))).toBe("over-stream-limit");
    expect(refusalCause(apiError(10060, "expected stream does not match"))).toBe("other-stream");
    expect(refusalCause(noResponders())).toBe("no-stream");
    const violation = new PermissionViolationError(
      'Permissions Violation for Publish to "org.statehub.x"',
      "publish",
      "org.statehub.x",
    );
    expect(refusalCause(new RequestError(violation.message, { cause: violation }))).toBe("not-permitted");
    expect(refusalCause(violation)).toBe("not-permitted");
  });

  it("leaves everything else transient (retried with backoff, never parked)", () => {
    expect(refusalCause(new TimeoutError())).toBeUndefined();
    expect(refusalCause(new RequestError("timeout", { cause: new TimeoutError() }))).toBeUndefined();
    expect(refusalCause(apiError(10077, "maximum messages exceeded"))).toBeUndefined();
    expect(refusalCause(apiError(10008, "JetStream system temporarily unavailable"))).toBeUndefined();
    expect(refusalCause(InvalidArgumentError.format("timeout", "must be greater than 0"))).toBeUndefined();
    const subscribe = new PermissionViolationError(
      'Permissions Violation for Subscription to "_INBOX.x"',
      "subscription",
      "_INBOX.x",
    );
    expect(refusalCause(new RequestError(subscribe.message, { cause: subscribe }))).toBeUndefined();
    expect(
      refusalCause(new RequestError("disconnected", { cause: new Error("disconnected") })),
    ).toBeUndefined();
    expect(refusalCause(new Error("connection refused"))).toBeUndefined();
    expect(refusalCause("a string")).toBeUndefined();
    expect(refusalCause(undefined)).toBeUndefined();
  });

  it("says what was refused and why, for the operator", () => {
    const context = { subject: "org.statehub.repo.registered", stream: "STATEHUB", bytes: 1_612 };
    expect(
      ["payload-too-large", "over-stream-limit", "no-stream", "other-stream", "not-permitted"].map((cause) =>
        describeRefusal(cause as Parameters<typeof describeRefusal>[0], context),
      ),
    ).toEqual([
      "payload too large: the event is 1612 bytes, over the NATS server's max_payload",
      "payload too large: the event is 1612 bytes, over stream STATEHUB's max_msg_size",
      "no stream for subject org.statehub.repo.registered: no JetStream stream captures it (expected STATEHUB)",
      "subject org.statehub.repo.registered belongs to another stream than STATEHUB",
      "publish to org.statehub.repo.registered not permitted for the hub's NATS user",
    ]);
  });
});
