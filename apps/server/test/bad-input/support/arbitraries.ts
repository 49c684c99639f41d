import fc from "fast-check";

/** Strings that have broken servers before: injection, encodings, limits, control characters. */
export const nastyString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "'",
    '"; drop table repos; --',
    "' or '1'='1",
    "\\",
    "%00",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff",
    "e\u0301\u0301",
    "\u202eevil",
    "😀",
    "../../etc/passwd",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style payload, literally
    "${jndi:ldap://x}",
    "__proto__",
    "constructor",
    "x".repeat(10_001),
    "9".repeat(400),
  ),
  // Any UTF-16 code units, lone surrogates included. (fc.string({ unit: "binary" }) covers the
  // same, but its generator takes seconds per hundred values: too slow for CI on two cores.)
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
    .map((units) => String.fromCharCode(...units)),
);

/** Any JSON value, with the nasty strings mixed in. */
export const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, -0.5, 2 ** 53, [], {}) },
);

/** Objects with the procedure's own keys (so validation goes past the shape) holding anything. */
export function shapedJson(keys: string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.constantFrom(...keys, "extra", "__proto__"), anyJson, { maxKeys: keys.length + 1 });
}

/**
 * Near-valid inputs: a valid sample with one thing wrong (a key dropped, an unknown key added,
 * one value replaced by something else), the mistakes real callers make. Some of these are
 * still valid (e.g. an optional key dropped): the test handles both outcomes.
 */
export function nearValid(sample: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(sample);
  const withKey = (key: string, value: unknown) => ({ ...sample, [key]: value });
  const unknownKey = fc
    .tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson)
    .map(([key, value]) => (keys.includes(key) ? withKey(`${key}_`, value) : withKey(key, value)));
  const notAnObject = fc.constantFrom(null, [sample], JSON.stringify(sample));
  // A procedure whose input has no fields (e.g. outbox.status {}): only extra keys and wrong shapes.
  if (keys.length === 0) return fc.oneof(unknownKey, notAnObject);
  return fc.oneof(
    fc.constantFrom(...keys).map((key) => {
      const { [key]: _dropped, ...rest } = sample;
      return rest;
    }),
    unknownKey,
    fc.tuple(fc.constantFrom(...keys), anyJson).map(([key, value]) => withKey(key, value)),
    fc.tuple(fc.constantFrom(...keys), nastyString).map(([key, value]) => withKey(key, value)),
    notAnObject,
  );
}
