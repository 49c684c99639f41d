// Filters live in the query string so that a view's URL can be shared. Reading is forgiving:
// a value the view does not know (a hand-edited or outdated link) is dropped, never an error.

/** The value of `key` when it is one of `allowed`; undefined otherwise. */
export function readChoice<T extends string>(
  params: URLSearchParams,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = params.get(key);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The trimmed value of `key` when it is non-empty, within `maxLength` and matches `pattern`. */
export function readText(
  params: URLSearchParams,
  key: string,
  options: { pattern?: RegExp; maxLength?: number } = {},
): string | undefined {
  const value = params.get(key)?.trim();
  if (!value) return undefined;
  if (value.length > (options.maxLength ?? 200)) return undefined;
  if (options.pattern && !options.pattern.test(value)) return undefined;
  return value;
}

/**
 * "?a=1&b=2" from the defined, non-empty entries, in the order given (so equal filters give
 * equal URLs); "" when there are none.
 */
export function toSearch(filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== "") params.set(key, value);
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
