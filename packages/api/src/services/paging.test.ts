import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../domain/errors.js";
import { decodeIdCursor, decodePositionCursor, encodeIdCursor, encodePositionCursor } from "./paging.js";

// Cursors are opaque to callers, but the hub must refuse any it did not make: the decoders
// accept exactly what the encoders write (base64url of "id:<uuid>" or "pos:<digits>").

const b64 = (text: string) => Buffer.from(text).toString("base64url");
const ID = "01900000-0000-7000-8000-000000000001";

function refusal(decode: () => unknown): Record<string, string[]> {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).fieldErrors;
  }
  throw new Error("expected the cursor to be refused");
}

describe("page cursors", () => {
  it("an id cursor round-trips, and is base64url of id:<uuid>", () => {
    expect(encodeIdCursor(ID)).toBe(b64(`id:${ID}`));
    expect(decodeIdCursor(encodeIdCursor(ID))).toBe(ID);
  });

  it("refuses an id cursor that is not id:<uuid>, naming the field it came in", () => {
    const message = ["malformed cursor (pass back a nextCursor unchanged)"];
    expect(refusal(() => decodeIdCursor(b64(ID)))).toEqual({ cursor: message });
    expect(refusal(() => decodeIdCursor(b64(`ix:${ID}`)))).toEqual({ cursor: message });
    expect(refusal(() => decodeIdCursor(b64(`id:${ID}0`)))).toEqual({ cursor: message });
    expect(refusal(() => decodeIdCursor(b64(`id:x${ID}`)))).toEqual({ cursor: message });
    expect(refusal(() => decodeIdCursor(b64(`id:${ID}`.toUpperCase())))).toEqual({ cursor: message });
    expect(refusal(() => decodeIdCursor(b64("id:"), "after"))).toEqual({ after: message });
  });

  it("a position cursor round-trips any position up to 15 digits", () => {
    for (const position of [0, 7, 42, 123_456, 999_999_999_999_999]) {
      expect(encodePositionCursor(position)).toBe(b64(`pos:${position}`));
      expect(decodePositionCursor(encodePositionCursor(position))).toBe(position);
    }
  });

  it("refuses a position cursor that is not pos:<digits>, naming the field it came in", () => {
    const message = ["malformed cursor (pass back a cursor unchanged)"];
    for (const text of [
      "pos:",
      "pos:12x",
      "xpos:12",
      "pos:-1",
      "pos:1.5",
      "pos:1234567890123456",
      `id:${ID}`,
    ]) {
      expect(refusal(() => decodePositionCursor(b64(text)))).toEqual({ cursor: message });
    }
    expect(refusal(() => decodePositionCursor(b64("pos:"), "after"))).toEqual({ after: message });
  });
});
