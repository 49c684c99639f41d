// Services return plain JSON-ready objects: the API has no transformer, so dates travel as
// ISO 8601 strings and every optional value is an explicit null.

export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());
