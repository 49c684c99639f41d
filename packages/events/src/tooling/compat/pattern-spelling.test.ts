import { describe, expect, it } from "vitest";
import { canonicalPattern } from "./pattern-spelling.js";

describe("canonicalPattern", () => {
  it.each([
    ["^(?:ab|c)$", "^(ab|c)$"],
    ["^(?<subject>[a-z.]+):(?<version>[0-9]+)$", "^([a-z.]+):([0-9]+)$"],
    ["(?<_x$1>a)", "(a)"],
    ["\\d{4}-\\d\\d", "[0-9]{4}-[0-9][0-9]"],
    ["[\\d_]", "[0-9_]"],
    ["[^\\da-f]", "[^0-9a-f]"],
    ["[\\]\\d]\\d", "[\\]0-9][0-9]"],
    ["[]\\d", "[][0-9]"],
    ["[^]\\d", "[^][0-9]"],
    ["(?:(?:\\d\\d)|(?<y>\\d))", "(([0-9][0-9])|([0-9]))"],
  ])("%s -> %s", (pattern, canonical) => {
    expect(canonicalPattern(pattern)).toBe(canonical);
  });

  it.each([
    "^[a-z]+$",
    "(?=a)b",
    "(?!a)b",
    "(?<=a)b",
    "(?<!a)b",
    "\\(?:a\\)",
    "[(?:][(?<n>]",
    "\\\\d",
    "\\D\\w\\s",
    "\\.",
  ])("leaves %s as written", (pattern) => {
    expect(canonicalPattern(pattern)).toBe(pattern);
  });

  it.each(["(?:a)(b)\\1", "(?<n>a)\\k<n>", "(?:\\d)(x)\\2"])(
    "leaves a pattern with backreferences as written: %s",
    (pattern) => {
      expect(canonicalPattern(pattern)).toBe(pattern);
    },
  );
});
