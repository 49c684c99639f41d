import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// The committed docs/openapi.json, read as any client in any language would, and its response
// schemas compiled with Ajv (a JSON Schema validator that is not zod).

export const OPENAPI_FILE = fileURLToPath(new URL("../../../../docs/openapi.json", import.meta.url));

type Json = Record<string, unknown>;

export interface OpenApiOperation {
  path: string;
  method: "get" | "post";
  operation: Json & { operationId: string; responses: Record<string, Json> };
}

export function loadDocument(): Json & {
  paths: Record<string, Record<string, OpenApiOperation["operation"]>>;
} {
  return JSON.parse(readFileSync(OPENAPI_FILE, "utf8"));
}

/** Validators of the document's responses, by path, method and status. */
export function responseValidators(document: ReturnType<typeof loadDocument>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The whole document as one schema resource, so `#/components/...` references resolve.
  ajv.addSchema({ $id: "openapi", ...document, $schema: undefined } as Json, "openapi");
  const components = (document as unknown as { components: { responses: Record<string, Json> } }).components;
  const cache = new Map<string, ValidateFunction>();

  /** The JSON schema of a response, following one `$ref` to a shared response. */
  const schemaPointer = (path: string, method: string, status: string): string | undefined => {
    const response = document.paths[path]?.[method]?.responses[status];
    if (!response) return undefined;
    const ref = response.$ref as string | undefined;
    if (ref) {
      const name = ref.split("/").pop() as string;
      if (!components.responses[name]) return undefined;
      return `openapi#/components/responses/${name}/content/application~1json/schema`;
    }
    const escaped = path.replaceAll("~", "~0").replaceAll("/", "~1");
    return `openapi#/paths/${escaped}/${method}/responses/${status}/content/application~1json/schema`;
  };

  return {
    /** Undefined when the document declares no JSON response for that status. */
    validator(path: string, method: string, status: number): ValidateFunction | undefined {
      const pointer = schemaPointer(path, method, String(status));
      if (!pointer) return undefined;
      let validate = cache.get(pointer);
      if (!validate) {
        validate = ajv.getSchema(pointer);
        if (!validate) throw new Error(`cannot compile ${pointer}`);
        cache.set(pointer, validate);
      }
      return validate;
    },
    errorsText: (validate: ValidateFunction) => ajv.errorsText(validate.errors, { separator: "\n" }),
  };
}

export function operationsOf(document: ReturnType<typeof loadDocument>): OpenApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      path,
      method: method as "get" | "post",
      operation,
    })),
  );
}

/** A call exactly as the document describes it: GET with ?input=<JSON>, or POST with a JSON body. */
export async function callAsDocumented(
  base: string,
  op: OpenApiOperation,
  input: unknown,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  if (op.method === "get") {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    response = await fetch(`${base}${op.path}${query}`, { headers });
  } else {
    headers["content-type"] = "application/json";
    response = await fetch(`${base}${op.path}`, {
      method: "POST",
      headers,
      ...(input === undefined ? {} : { body: JSON.stringify(input) }),
    });
  }
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, body: type.includes("json") ? JSON.parse(text) : text };
}
