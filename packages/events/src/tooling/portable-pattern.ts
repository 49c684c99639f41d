/**
 * The regular-expression subset every published `pattern` keeps to.
 *
 * JSON Schema says a pattern is an ECMA-262 regex and, because regex engines differ widely in
 * what they support, recommends that schema authors keep to a short list of tokens (JSON Schema
 * Core 2020-12, section "Regular Expressions"; the same list in Understanding JSON Schema). Our
 * schemas are read by validators in other languages (Python's `re` through the `jsonschema`
 * library, Go's RE2, Java, .NET), so we take that list literally:
 *
 *   allowed                              spelled
 *   a character, matching itself          `a`, `é`; a syntax character escaped: `\.` `\-` (in a class)
 *                                         — the escapable ones are ^ $ \ . * + ? ( ) [ ] { } | /
 *   character classes                     `[abc]` `[a-z]` `[^abc]` `[^a-z]`
 *   quantifiers                           `+` `*` `?` and lazy `+?` `*?` `??`
 *   range quantifiers                     `{x}` `{x,y}` `{x,}` and lazy `{x}?` `{x,y}?` `{x,}?`
 *   anchors                               `^` (beginning of input) and `$` (end of input)
 *   grouping and alternation              `(…)` and `|`
 *
 * Everything else is refused, and the reason it is not portable:
 *   - group extensions `(?:…)` `(?<name>…)` `(?=…)` `(?!…)` `(?<=…)` `(?<!…)`: not in the list;
 *     named groups make Python's `re` raise ("unknown extension ?<s") and older Go reject the
 *     schema, lookarounds do not exist in RE2;
 *   - escapes other than a syntax character (`\d` `\w` `\s` `\b` `\n` `\u0041` `\1` `\k<n>` …):
 *     `\d` and `\w` match any Unicode digit or letter in Python, ASCII only in ECMA-262;
 *     backreferences are not regular (RE2 has none);
 *   - `.` outside a class: engines disagree on which characters are line breaks;
 *   - `[` inside a class, an empty class `[]` `[^]`, and doubled `&&` `--` `~~` `||` inside one:
 *     literal in some engines, set syntax or errors in others;
 *   - a character outside the Basic Multilingual Plane: ECMA-262 without the `u` flag reads it
 *     as two UTF-16 code units;
 *   - anything ECMA-262 itself rejects with the `u` flag (stray braces or brackets, a quantifier
 *     with nothing to repeat, `{,n}`, which Python reads as a quantifier and ECMA-262 without the
 *     flag as literal text).
 *
 * One difference remains inside the subset: Python's `$` also matches before a final "\n", so a
 * Python validator accepts "value\n" where JavaScript refuses it. The subset cannot express
 * "end of input" any other way; the zod parser is the contract's reference validator.
 */

export interface NonPortable {
  /** Offset in the pattern where the construct starts. */
  index: number;
  /** The construct, as written. */
  construct: string;
  reason: string;
}

const SYNTAX_CHARACTERS = new Set([..."^$\\.*+?()[]{}|/"]);
const CLASS_ESCAPABLE = new Set([...SYNTAX_CHARACTERS, "-"]);
const SET_OPERATORS = new Set(["&&", "--", "~~", "||"]);

/**
 * The first construct of `pattern` outside the portable subset, or undefined when it keeps to it.
 * ECMA-262 with the `u` flag checks the structure first (balanced groups and classes, well-formed
 * quantifiers with something to repeat, no stray braces or brackets, known escapes only), so the
 * scan below only has to find the constructs that are valid ECMA-262 but not portable.
 */
export function nonPortableConstruct(pattern: string): NonPortable | undefined {
  const invalid = ecmaSyntaxError(pattern);
  if (invalid !== undefined) return { index: 0, construct: pattern, reason: invalid };
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === "\\") {
      const problem = escapeProblem(pattern, index, SYNTAX_CHARACTERS);
      if (problem) return problem;
      index += 2;
    } else if (char === "[") {
      const end = readClass(pattern, index);
      if (typeof end !== "number") return end;
      index = end;
    } else if (char === "(" && pattern[index + 1] === "?") {
      return groupExtension(pattern, index);
    } else if (char === ".") {
      return at(pattern, index, 1, "`.`: engines disagree on which characters are line breaks");
    } else {
      const problem = astralProblem(pattern, index);
      if (problem) return problem;
      index += 1;
    }
  }
  return undefined;
}

/** Reads the class whose `[` is at `start`; returns the index after its `]`, or the problem. */
function readClass(pattern: string, start: number): number | NonPortable {
  let index = start + 1;
  if (pattern[index] === "^") index += 1;
  if (pattern[index] === "]") {
    return at(pattern, start, index + 1 - start, "an empty class: Python reads a leading ] as a character");
  }
  // The u-flag compile guarantees a closing `]`.
  for (;;) {
    const char = pattern[index];
    if (char === "]") return index + 1;
    const pair = pattern.slice(index, index + 2);
    if (SET_OPERATORS.has(pair)) {
      return at(pattern, index, 2, `${pair} in a class: set syntax in some engines (escape one of them)`);
    }
    if (char === "[") return at(pattern, index, 1, "[ in a class: a nested set in some engines (write \\[)");
    if (char === "\\") {
      const problem = escapeProblem(pattern, index, CLASS_ESCAPABLE);
      if (problem) return problem;
      index += 2;
    } else {
      const problem = astralProblem(pattern, index);
      if (problem) return problem;
      index += 1;
    }
  }
}

function escapeProblem(pattern: string, index: number, escapable: Set<string>): NonPortable | undefined {
  const escaped = pattern[index + 1] as string;
  if (escapable.has(escaped)) return undefined;
  const reason = /[dDwWsS]/.test(escaped)
    ? `\\${escaped}: a shorthand class, Unicode-wide in Python and ASCII in ECMA-262 (write a class such as [0-9])`
    : /[1-9k]/.test(escaped)
      ? `\\${escaped}: a backreference, which engines such as RE2 lack`
      : `\\${escaped}: an escape outside the portable subset (only syntax characters may be escaped)`;
  return at(pattern, index, 2, reason);
}

function groupExtension(pattern: string, index: number): NonPortable {
  const head = pattern.slice(index, index + 4);
  if (head === "(?<=" || head === "(?<!") {
    return at(pattern, index, 4, "a lookbehind: RE2 (Go) and other engines have none");
  }
  if (head.startsWith("(?<")) {
    const length = pattern.indexOf(">", index) + 1 - index;
    return at(pattern, index, length, "a named group: Python's re refuses (?<name>…) (write a plain group)");
  }
  if (head.startsWith("(?=") || head.startsWith("(?!")) {
    return at(pattern, index, 3, "a lookahead: RE2 (Go) and other engines have none");
  }
  // The u-flag compile leaves `(?:` as the only other extension.
  return at(pattern, index, 3, "a non-capturing group: not in the subset (write a plain group)");
}

function astralProblem(pattern: string, index: number): NonPortable | undefined {
  const code = pattern.charCodeAt(index);
  if (code < 0xd800 || code > 0xdfff) return undefined;
  return at(pattern, index, 2, "a character outside the BMP: two UTF-16 code units without the u flag");
}

function ecmaSyntaxError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
    return undefined;
  } catch (error) {
    return `not an ECMA-262 regular expression (checked with the u flag): ${(error as Error).message}`;
  }
}

function at(pattern: string, index: number, length: number, reason: string): NonPortable {
  return { index, construct: pattern.slice(index, index + length), reason };
}
