import { z } from "zod";

/**
 * Dotted paths (`data.domain`, `item.key`) are how definitions name values: in rules, in
 * template placeholders and in dedupe keys. One reader for all of them keeps the meaning equal.
 */
export const DOTTED_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export const dottedPath = z.string().regex(DOTTED_PATH, "must be a dotted path like data.domain");

/** The value at a dotted path, or undefined when any segment is missing. Own properties only. */
export function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Peels optional/nullable/default wrappers so the object underneath can be walked. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDefault) {
      current = current.def.innerType as z.ZodType;
    } else {
      return current;
    }
  }
}

/**
 * Whether a dotted path names a field the schema declares. Used at load time, so that a
 * definition naming a field its subject does not carry is refused before any event arrives.
 */
export function schemaHasPath(schema: z.ZodType, path: string): boolean {
  let current: z.ZodType = schema;
  for (const segment of path.split(".")) {
    const object = unwrap(current);
    if (!(object instanceof z.ZodObject)) return false;
    const shape = object.shape as Record<string, z.ZodType>;
    if (!Object.hasOwn(shape, segment)) return false;
    current = shape[segment] as z.ZodType;
  }
  return true;
}
