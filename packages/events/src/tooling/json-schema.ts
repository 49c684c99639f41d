import { z } from "zod";
import type { EventDefinition } from "../catalog/index.js";
import { dataSchemaUri, EnvelopeAttributes } from "../envelope.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonSchema = { [key: string]: JsonValue };

export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
export const ENVELOPE_SCHEMA_ID = "urn:statehub:envelope";

// `io: "input"` describes what parsing accepts. For a plain z.object that means no
// `additionalProperties` keyword at all (JSON Schema's default: unknown keys allowed), which is
// the contract: parsing tolerates unknown keys, `properties` documents the defined ones.
// The "output" view would say `additionalProperties: false`, which is not what consumers do.
function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
  return rest as JsonSchema;
}

/** The published JSON Schema of one subject's data at the catalog's current version. */
export function dataJsonSchema(definition: EventDefinition): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: dataSchemaUri(definition.subject, definition.version),
    title: `${definition.subject} v${definition.version}`,
    description: definition.description,
    ...toJsonSchema(definition.data),
  };
}

/** The envelope's attributes; `data` is described here and specified by the schema `dataschema` names. */
export function envelopeJsonSchema(): JsonSchema {
  const attributes = toJsonSchema(EnvelopeAttributes);
  const properties = attributes.properties as { [key: string]: JsonValue };
  const required = attributes.required as string[];
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: ENVELOPE_SCHEMA_ID,
    title: "statehub event envelope",
    description:
      "A CloudEvents 1.0 structured-mode JSON event. `data` fits the JSON Schema whose $id is the `dataschema` attribute.",
    ...attributes,
    properties: {
      ...properties,
      data: { type: "object", description: "the subject's payload; its schema is named by dataschema" },
    },
    required: [...required, "data"],
  };
}

/** Stable text of a schema file: the generator writes it, the drift test compares it. */
export function renderJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
