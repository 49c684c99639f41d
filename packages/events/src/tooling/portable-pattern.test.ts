import { describe, expect, it } from "vitest";
import { nonPortableConstruct } from "./portable-pattern.js";

describe("nonPortableConstruct: the portable subset passes", () => {
  it.each([
    "abc",
    "^$",
    "é",
    "^[a-z0-9][a-z0-9-]*$",
    "[^abc]",
    "[^a-z]",
    "[-a]",
    "[a-]",
    "[a\\-z]",
    "[\\]\\[\\\\]",
    "a+b*c?",
    "a+?b*?c??",
    "a{3}b{1,2}c{4,}",
    "a{3}?b{1,2}?c{4,}?",
    "(ab|cd)+",
    "()",
    "^org\\.statehub\\.[a-z]+(\\.[a-z]+)?\\.[a-z]+$",
    "\\^\\$\\\\\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\/",
    "^urn:statehub:event:([a-z.]+):v([1-9][0-9]*)$",
    // BMP characters above the surrogate block are single code units.
    "\uff41\ufb01",
  ])("%s", (pattern) => {
    expect(nonPortableConstruct(pattern)).toBeUndefined();
  });
});

describe("nonPortableConstruct: constructs outside the subset are named, with where and why", () => {
  it.each([
    [
      "^(?<subject>[a-z.]+)$",
      1,
      "(?<subject>",
      "a named group: Python's re refuses (?<name>…) (write a plain group)",
    ],
    ["(?<=a)b", 0, "(?<=", "a lookbehind: RE2 (Go) and other engines have none"],
    ["(?<!a)b", 0, "(?<!", "a lookbehind: RE2 (Go) and other engines have none"],
    ["a(?=b)", 1, "(?=", "a lookahead: RE2 (Go) and other engines have none"],
    ["a(?!b)", 1, "(?!", "a lookahead: RE2 (Go) and other engines have none"],
    ["x(?:a|b)", 1, "(?:", "a non-capturing group: not in the subset (write a plain group)"],
    [
      "^\\d{4}$",
      1,
      "\\d",
      "\\d: a shorthand class, Unicode-wide in Python and ASCII in ECMA-262 (write a class such as [0-9])",
    ],
    [
      "[\\w]",
      1,
      "\\w",
      "\\w: a shorthand class, Unicode-wide in Python and ASCII in ECMA-262 (write a class such as [0-9])",
    ],
    [
      "a\\S",
      1,
      "\\S",
      "\\S: a shorthand class, Unicode-wide in Python and ASCII in ECMA-262 (write a class such as [0-9])",
    ],
    ["(a)\\1", 3, "\\1", "\\1: a backreference, which engines such as RE2 lack"],
    ["(?<n>a)", 0, "(?<n>", "a named group: Python's re refuses (?<name>…) (write a plain group)"],
    ["a\\b", 1, "\\b", "\\b: an escape outside the portable subset (only syntax characters may be escaped)"],
    ["a\\n", 1, "\\n", "\\n: an escape outside the portable subset (only syntax characters may be escaped)"],
    [
      "\\u0041",
      0,
      "\\u",
      "\\u: an escape outside the portable subset (only syntax characters may be escaped)",
    ],
    [
      "[\\u0041]",
      1,
      "\\u",
      "\\u: an escape outside the portable subset (only syntax characters may be escaped)",
    ],
    ["a.b", 1, ".", "`.`: engines disagree on which characters are line breaks"],
    ["[]a", 0, "[]", "an empty class: Python reads a leading ] as a character"],
    ["[^]a", 0, "[^]", "an empty class: Python reads a leading ] as a character"],
    ["ab[]cd", 2, "[]", "an empty class: Python reads a leading ] as a character"],
    ["[a[]", 2, "[", "[ in a class: a nested set in some engines (write \\[)"],
    ["[a&&b]", 2, "&&", "&& in a class: set syntax in some engines (escape one of them)"],
    ["[+--]", 2, "--", "-- in a class: set syntax in some engines (escape one of them)"],
    ["[a~~b]", 2, "~~", "~~ in a class: set syntax in some engines (escape one of them)"],
    ["[a||b]", 2, "||", "|| in a class: set syntax in some engines (escape one of them)"],
    ["a😀", 1, "😀", "a character outside the BMP: two UTF-16 code units without the u flag"],
    ["[😀]", 1, "😀", "a character outside the BMP: two UTF-16 code units without the u flag"],
    // U+10000, the first character outside the BMP: its high surrogate is 0xd800.
    ["a\u{10000}", 1, "\u{10000}", "a character outside the BMP: two UTF-16 code units without the u flag"],
    // A lone low surrogate, the last one (0xdfff), is no character at all.
    ["a\udfff", 1, "\udfff", "a character outside the BMP: two UTF-16 code units without the u flag"],
  ])("%s", (pattern, index, construct, reason) => {
    expect(nonPortableConstruct(pattern)).toEqual({ index, construct, reason });
  });

  it.each([
    ["a{,3}", "Incomplete quantifier"],
    ["a{3,2}", "numbers out of order in {} quantifier"],
    ["a]", "Lone quantifier brackets"],
    ["*a", "Nothing to repeat"],
    ["(a", "Unterminated group"],
    ["\\-", "Invalid escape"],
  ])("%s: not ECMA-262 with the u flag", (pattern, engineMessage) => {
    const found = nonPortableConstruct(pattern);
    expect(found?.index).toBe(0);
    expect(found?.construct).toBe(pattern);
    expect(found?.reason).toMatch(/^not an ECMA-262 regular expression \(checked with the u flag\): /);
    expect(found?.reason).toContain(engineMessage);
  });

  it("reports a construct after a class holding an escaped syntax character", () => {
    expect(nonPortableConstruct("[\\-]\\d")).toEqual({
      index: 4,
      construct: "\\d",
      reason:
        "\\d: a shorthand class, Unicode-wide in Python and ASCII in ECMA-262 (write a class such as [0-9])",
    });
  });

  it("reports the first offending construct, after any portable ones", () => {
    expect(nonPortableConstruct("[a-z]\\.(x|y)+\\d(?:z)")).toEqual({
      index: 13,
      construct: "\\d",
      reason:
        "\\d: a shorthand class, Unicode-wide in Python and ASCII in ECMA-262 (write a class such as [0-9])",
    });
    expect(nonPortableConstruct("[(?:]\\(?:(?<x>a)")).toEqual({
      index: 9,
      construct: "(?<x>",
      reason: "a named group: Python's re refuses (?<name>…) (write a plain group)",
    });
  });
});
