/**
 * One spelling for ECMA-262 regexes that accept exactly the same strings, so that respelling a
 * published pattern in the portable subset (src/tooling/portable-pattern.ts) is not reported as
 * a changed pattern. `pattern` only asks whether a string matches, so:
 *   - a non-capturing group `(?:…)` or a named group `(?<name>…)` becomes a plain group `(…)`:
 *     captures are never read;
 *   - `\d` becomes `[0-9]` (`0-9` inside a class): in ECMA-262, the dialect JSON Schema names,
 *     `\d` is exactly the ASCII digits, with or without the `u` flag.
 * A pattern with a backreference is returned as written: turning a group into a capturing one
 * renumbers the groups it refers to. Any other difference still counts as a change.
 */
export function canonicalPattern(pattern: string): string {
  if (/\\[1-9]|\\k</.test(pattern)) return pattern;
  let result = "";
  let inClass = false;
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === "\\") {
      const escaped = pattern.slice(index, index + 2);
      result += escaped === "\\d" ? (inClass ? "0-9" : "[0-9]") : escaped;
      index += 2;
      continue;
    }
    if (inClass) {
      inClass = char !== "]";
    } else if (char === "[") {
      inClass = true;
    } else if (pattern.startsWith("(?:", index)) {
      result += "(";
      index += 3;
      continue;
    } else if (/^\(\?<[A-Za-z_$]/.test(pattern.slice(index, index + 4))) {
      result += "(";
      index = pattern.indexOf(">", index) + 1;
      continue;
    }
    result += char;
    index += 1;
  }
  return result;
}
