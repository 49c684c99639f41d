import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RFC3339_DATE_TIME, rfc3339DateTime } from "./date-time.js";

// The contract's timestamps used zod's ISO datetime check until its regex was respelled for
// portability; that check is the oracle here: the respelling must not accept or reject anything new.
const zodDateTime = z.iso.datetime({ offset: true });
const accepts = (value: string) => rfc3339DateTime().safeParse(value).success;

describe("rfc3339DateTime", () => {
  it.each([
    "2026-01-02T03:04:05Z",
    "2026-01-02T03:04:05.000Z",
    "2026-01-02T03:04:05.123456789Z",
    "2025-12-01T00:00:00+01:00",
    "2025-12-01T23:59:59-23:59",
    "2024-02-29T12:00:00Z", // leap year
    "2000-02-29T12:00:00Z", // divisible by 400
    "0000-02-29T00:00:00Z",
    "1996-02-29T00:00:00Z",
    "2023-02-28T00:00:00Z",
    "2023-04-30T00:00:00Z",
    "2023-12-31T00:00:00Z",
    "9999-12-31T23:59:59Z",
  ])("accepts %s", (value) => {
    expect(accepts(value)).toBe(true);
    expect(zodDateTime.safeParse(value).success).toBe(true);
  });

  it.each([
    "2023-02-29T00:00:00Z", // not a leap year
    "1900-02-29T00:00:00Z", // divisible by 100, not by 400
    "2023-04-31T00:00:00Z",
    "2023-02-30T00:00:00Z",
    "2023-13-01T00:00:00Z",
    "2023-00-10T00:00:00Z",
    "2023-01-00T00:00:00Z",
    "2023-01-32T00:00:00Z",
    "2023-01-01T24:00:00Z",
    "2023-01-01T23:60:00Z",
    "2023-01-01T23:59:60Z", // no leap seconds
    "2023-01-01T00:00Z", // seconds required
    "2023-01-01T00:00:00", // offset required
    "2023-01-01T00:00:00z",
    "2023-01-01t00:00:00Z",
    "2023-01-01 00:00:00Z",
    "2023-01-01T00:00:00.Z",
    "2023-01-01T00:00:00+24:00",
    "2023-01-01T00:00:00+01:60",
    "2023-01-01T00:00:00+0100",
    "23-01-01T00:00:00Z",
    "+2023-01-01T00:00:00Z",
    "2023-01-01",
    "٢٠٢٣-01-01T00:00:00Z", // Arabic-Indic digits: what `\d` would let through in Python
    "2023-01-01T00:00:00Z\n",
    " 2023-01-01T00:00:00Z",
    "",
  ])("rejects %j", (value) => {
    expect(accepts(value)).toBe(false);
    expect(zodDateTime.safeParse(value).success).toBe(false);
  });

  it("agrees with zod's ISO datetime check on near-valid strings", () => {
    const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
    const year = fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
      fc.constantFrom("1900", "2000", "2100", "2400", "1600", "0400"),
    );
    const fraction = fc.option(fc.stringMatching(/^\.[0-9]{0,4}$/), { nil: "" });
    const offset = fc.oneof(
      fc.constantFrom("Z", "z", "", "+00:00"),
      fc.tuple(fc.constantFrom("+", "-"), twoDigits, twoDigits).map(([sign, h, m]) => `${sign}${h}:${m}`),
    );
    const near = fc
      .tuple(year, twoDigits, twoDigits, twoDigits, twoDigits, twoDigits, fraction, offset)
      .map(([y, mo, d, h, mi, s, f, o]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f}${o}`);
    const mutated = fc
      .tuple(near, fc.nat(), fc.constantFrom("", "0", "9", "T", ":", "-", "٣", "\n"))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(near, mutated), (value) => {
        expect(accepts(value)).toBe(zodDateTime.safeParse(value).success);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with zod's ISO datetime check on arbitrary strings", () => {
    const alphabet = fc.constantFrom(..."0123456789-:T.Z+z ");
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 30 }), (value) => {
        expect(accepts(value)).toBe(zodDateTime.safeParse(value).success);
      }),
    );
  });

  it("reports a bad value as zod's ISO datetime check did", () => {
    const result = rfc3339DateTime().safeParse("yesterday");
    expect(result.error?.issues.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: "invalid_format", message: "Invalid ISO datetime" },
    ]);
  });

  it("is published as format date-time with the portable pattern", () => {
    const { $schema: _dialect, ...schema } = z.toJSONSchema(rfc3339DateTime());
    expect(schema).toEqual({
      type: "string",
      format: "date-time",
      pattern:
        "^(([0-9][0-9][2468][048]|[0-9][0-9][13579][26]|[0-9][0-9]0[48]|[02468][048]00|[13579][26]00)-02-29|[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|(02)-(0[1-9]|1[0-9]|2[0-8])))T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|([+-]([01][0-9]|2[0-3]):[0-5][0-9])))$",
    });
    expect(RFC3339_DATE_TIME.source).toBe(schema.pattern);
  });
});
