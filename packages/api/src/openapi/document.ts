import { readFileSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from "../schemas/fields.js";
import { scopeOf } from "../trpc/init.js";
import { ERROR_ANSWERS, type ErrorAnswerKey, errorBodySchema, httpStatusOf } from "./errors.js";
import type { JsonObject, JsonValue } from "./json.js";
import { namedSchemas, type ProcedureEntry, procedureEntries } from "./procedures.js";

// docs/openapi.json, built from the router itself: its procedures (tRPC's `_def` record), their
// meta, and the zod input and output schemas, turned into JSON Schema by zod's own
// z.toJSONSchema (as the event schemas are). It describes the wire format that exists — tRPC
// v11 over HTTP without a transformer — not a REST mapping of it.

const COMPONENT = "#/components/schemas/";
const ref = (name: string): JsonObject => ({ $ref: `${COMPONENT}${name}` });

function packageVersion(): string {
  // dist/openapi/ and src/openapi/ are both two levels below the package.
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** The named schemas as JSON Schema: inputs as parsing accepts them, outputs as the hub writes them. */
function componentSchemas(entries: ProcedureEntry[]): Record<string, JsonObject> {
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  const inputSchemas = new Set(entries.flatMap((entry) => (entry.input ? [entry.input.schema] : [])));
  for (const [schema, name] of namedSchemas()) {
    (inputSchemas.has(schema) ? inputs : outputs).add(schema, { id: name });
  }
  const generate = (registry: typeof inputs, io: "input" | "output") =>
    z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: (id) => `${COMPONENT}${id}` }).schemas;
  const all: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries({
    ...generate(outputs, "output"),
    ...generate(inputs, "input"),
  })) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
    all[name] = rest;
  }
  return all;
}

/** Only the components something refers to (transitively), in name order. */
function reachable(components: Record<string, JsonObject>, roots: JsonValue): Record<string, JsonObject> {
  const seen = new Set<string>();
  const visit = (value: JsonValue): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "$ref" && typeof inner === "string" && inner.startsWith(COMPONENT)) {
          const name = inner.slice(COMPONENT.length);
          if (!seen.has(name)) {
            seen.add(name);
            const target = components[name];
            if (!target) throw new Error(`no component ${name}`);
            visit(target);
          }
        } else visit(inner);
      }
    }
  };
  visit(roots);
  return Object.fromEntries([...seen].sort().map((name) => [name, components[name] as JsonObject]));
}

const success = (name: string): JsonObject => ({
  type: "object",
  required: ["result"],
  additionalProperties: false,
  properties: {
    result: {
      type: "object",
      required: ["data"],
      additionalProperties: false,
      properties: { data: ref(name) },
    },
  },
});

function errorAnswersOf(entry: ProcedureEntry): ErrorAnswerKey[] {
  const keys: ErrorAnswerKey[] = ["badRequest", "unauthorized"];
  if (scopeOf(entry.type, entry.meta) === "write") keys.push("forbidden");
  if (entry.meta.errors?.includes("NOT_FOUND")) keys.push("notFound");
  if (entry.meta.errors?.includes("CONFLICT")) keys.push("conflict");
  if (entry.type === "mutation") keys.push("payloadTooLarge");
  keys.push("internal", "unavailable");
  return keys;
}

const isList = (entry: ProcedureEntry) => entry.output.name.endsWith("Page");

function operation(entry: ProcedureEntry): JsonObject {
  const [group = entry.path] = entry.path.split(".");
  const scope = scopeOf(entry.type, entry.meta);
  const notes = [
    entry.meta.description,
    `**Scope:** ${scope === "write" ? "`write` (a read token gets FORBIDDEN)" : "`read` (any token)"}.`,
    isList(entry)
      ? `**Paging:** \`limit\` items per page (default ${DEFAULT_PAGE_LIMIT}, at most ${MAX_PAGE_LIMIT}); pass a page's \`nextCursor\` back as \`${entry.path === "events.list" ? "after" : "cursor"}\` for the next one; \`nextCursor\` is null on the last page.`
      : undefined,
  ].filter((note) => note !== undefined);
  const responses: JsonObject = {
    "200": {
      description: "The call's result, under `result.data`.",
      content: { "application/json": { schema: success(entry.output.name) } },
    },
  };
  for (const key of errorAnswersOf(entry)) {
    const answer = ERROR_ANSWERS[key];
    responses[String(httpStatusOf(answer.codes[0]))] = { $ref: `#/components/responses/${answer.name}` };
  }
  const body: JsonObject = {
    operationId: entry.path,
    summary: entry.meta.summary,
    description: notes.join("\n\n"),
    tags: [group],
    security: [{ bearerAuth: [scope] }],
    "x-statehub-scope": scope,
    responses,
  };
  if (entry.input) {
    const media = { schema: ref(entry.input.name) };
    if (entry.type === "query") {
      body.parameters = [
        {
          name: "input",
          in: "query",
          required: entry.input.required,
          description: "The input: JSON, URL-encoded (`?input=%7B%22id%22%3A%22…%22%7D`).",
          content: { "application/json": media },
        },
      ];
    } else {
      body.requestBody = { required: entry.input.required, content: { "application/json": media } };
    }
  }
  return body;
}

const HEALTH_PATHS: JsonObject = {
  "/healthz": {
    get: {
      operationId: "healthz",
      summary: "The process is up",
      tags: ["operations"],
      security: [],
      responses: {
        "200": {
          description: "Always, while the process serves requests.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["status"],
                additionalProperties: false,
                properties: { status: { const: "ok" } },
              },
            },
          },
        },
      },
    },
  },
  "/readyz": {
    get: {
      operationId: "readyz",
      summary: "The hub can serve: its database answers (NATS is reported, never required)",
      tags: ["operations"],
      security: [],
      responses: {
        "200": { $ref: "#/components/responses/Readiness" },
        "503": { $ref: "#/components/responses/Readiness" },
      },
    },
  },
  "/metrics": {
    get: {
      operationId: "metrics",
      summary: "Prometheus metrics",
      tags: ["operations"],
      security: [],
      responses: {
        "200": {
          description: "Prometheus text exposition format.",
          content: { "text/plain": { schema: { type: "string" } } },
        },
      },
    },
  },
};

const READINESS: JsonObject = {
  description:
    "200 when ready, 503 when a critical check (the database) fails; `checks` has each check's report.",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["status", "checks"],
        additionalProperties: false,
        properties: {
          status: { enum: ["ready", "not ready"] },
          checks: {
            type: "object",
            additionalProperties: {
              type: "object",
              required: ["ok"],
              properties: { ok: { type: "boolean" } },
            },
          },
        },
      },
    },
  },
};

const DESCRIPTION = `The state hub's API: tRPC v11 over HTTP, plain JSON (no transformer), dates as ISO 8601 strings.

- **Queries** are \`GET /trpc/<procedure>?input=<URL-encoded JSON>\` (omit \`input\` when a procedure takes none).
- **Mutations** are \`POST /trpc/<procedure>\` with the input as the JSON body (\`content-type: application/json\`).
- **Success:** \`{"result": {"data": …}}\`. **Errors:** \`{"error": {"message", "code", "data": {"code", "httpStatus", "path", "fieldErrors"?, "formErrors"?, "currentState"?}}}\` with the HTTP status of \`data.code\`. Never a stack trace.
- **Auth:** with \`STATEHUB_API_TOKENS\` set, every call needs \`Authorization: Bearer <token>\`; mutations need a \`write\` token. With no tokens configured (a developer's hub), auth is off and the hub answers loopback hosts only.
- **Lists** take \`{cursor?, limit?}\` and return \`{items, nextCursor}\`.
- Lifecycle actions are idempotent: acting on an entity already in the target state returns it unchanged and records no event.
- The typed TypeScript client (\`@statehub/client\`) batches calls (\`?batch=1\`); this document describes single calls, which any HTTP client can make.

Events the hub publishes on NATS are described in [/asyncapi.yaml](/asyncapi.yaml); their JSON Schemas are served under [/schemas/](/schemas/envelope.json).`;

/** The OpenAPI 3.1 document of the hub's HTTP API. */
export function buildOpenApiDocument(): JsonObject {
  const entries = procedureEntries();
  const paths: JsonObject = {};
  for (const entry of entries) {
    paths[`/trpc/${entry.path}`] = { [entry.type === "query" ? "get" : "post"]: operation(entry) };
  }
  Object.assign(paths, HEALTH_PATHS);
  const responses: JsonObject = { Readiness: READINESS };
  for (const answer of Object.values(ERROR_ANSWERS)) {
    responses[answer.name] = {
      description: answer.description,
      content: { "application/json": { schema: errorBodySchema(answer) } },
    };
  }
  const groups = [...new Set(entries.map((entry) => entry.path.split(".")[0] as string))];
  return {
    openapi: "3.1.1",
    info: {
      title: "statehub API",
      version: packageVersion(),
      description: DESCRIPTION,
    },
    servers: [{ url: "/", description: "the hub that serves this document" }],
    security: [{ bearerAuth: [] }],
    tags: [
      ...groups.map((name) => ({ name, description: `${name}.* procedures` })),
      { name: "operations", description: "Health, readiness and metrics; no token needed." },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token from STATEHUB_API_TOKENS (`name:token:scope`). Scope `read` allows queries, `write` queries and mutations. Each operation lists the scope it needs.",
        },
      },
      schemas: reachable(componentSchemas(entries), paths),
      responses,
    },
  };
}
