import { z } from "zod";

// RFC 3339 date-time as the contract accepts it: seconds required (fraction optional), a `Z` or
// numeric offset required, February 29 only in leap years. It is zod's
// `z.iso.datetime({ offset: true })` regex respelled in the portable subset of
// src/tooling/portable-pattern.ts, because it is published as the `pattern` of every timestamp:
// zod writes `(?:…)` and `\d`, and `\d` matches any Unicode digit in Python's `re`. The respelling
// is mechanical, group for group (hence the odd `(02)`), so the compatibility check sees the same
// pattern (compat/pattern-spelling.ts), and date-time.test.ts checks both accept the same strings.
const leapYear = "[0-9][0-9][2468][048]|[0-9][0-9][13579][26]|[0-9][0-9]0[48]|[02468][048]00|[13579][26]00";
const monthAndDay =
  "(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|(02)-(0[1-9]|1[0-9]|2[0-8])";
const date = `((${leapYear})-02-29|[0-9]{4}-(${monthAndDay}))`;
const time = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?";
const offset = "(Z|([+-]([01][0-9]|2[0-3]):[0-5][0-9]))";

export const RFC3339_DATE_TIME = new RegExp(`^${date}T(${time}${offset})$`);

/**
 * A timestamp field: JSON Schema `format: date-time` with the portable pattern above, and the
 * same issue as zod's ISO datetime check ("Invalid ISO datetime") when a value does not fit.
 */
export const rfc3339DateTime = () => z.stringFormat("datetime", RFC3339_DATE_TIME);
