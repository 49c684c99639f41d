import { describe, expect, it } from "vitest";
import {
  DEFAULT_STREAM_NAME,
  DUPLICATE_WINDOW_MS,
  DUPLICATE_WINDOW_NS,
  encodeEnvelope,
  NATS_MSG_ID_HEADER,
  natsHeadersFor,
  natsMsgId,
  SUBJECT_WILDCARD,
} from "./nats.js";

describe("NATS names and settings", () => {
  it("the stream, its subjects and the de-duplication header", () => {
    expect(DEFAULT_STREAM_NAME).toBe("STATEHUB");
    expect(SUBJECT_WILDCARD).toBe("org.statehub.>");
    expect(NATS_MSG_ID_HEADER).toBe("Nats-Msg-Id");
  });

  it("the duplicate window is 10 minutes, in ms and in JetStream's nanoseconds", () => {
    expect(DUPLICATE_WINDOW_MS).toBe(600_000);
    expect(DUPLICATE_WINDOW_NS).toBe(600_000_000_000);
  });

  it("an envelope's message id is its id, sent in the Nats-Msg-Id header", () => {
    const envelope = { id: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12" };
    expect(natsMsgId(envelope)).toBe("0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12");
    expect(natsHeadersFor(envelope)).toEqual({ "Nats-Msg-Id": "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12" });
  });

  it("encodes an envelope as its JSON text", () => {
    const envelope = { id: "x", data: { a: 1 } } as unknown as Parameters<typeof encodeEnvelope>[0];
    expect(encodeEnvelope(envelope)).toBe('{"id":"x","data":{"a":1}}');
  });
});
