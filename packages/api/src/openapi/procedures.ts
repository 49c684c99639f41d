import { DecisionStatus, GoalStatus, OpenTaskStatus, TaskStatus, WorkstreamStatus } from "@statehub/events";
import { z } from "zod";
import { appRouter } from "../router/index.js";
import * as schemas from "../schemas/index.js";
import type { ProcedureMeta } from "../trpc/init.js";

/** One procedure of the router as the document describes it. */
export interface ProcedureEntry {
  path: string;
  type: "query" | "mutation";
  meta: ProcedureMeta;
  input: { name: string; schema: z.ZodType; required: boolean } | undefined;
  output: { name: string; schema: z.ZodType };
}

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  meta?: ProcedureMeta;
  inputs: unknown[];
  output?: unknown;
}

/**
 * Every named shape the document may reference, by the name it is exported under: the
 * schemas/ modules and the contract's status vocabularies. An input or output that is not
 * one of these has no name in the document, which is an error (see procedureEntries).
 */
export function namedSchemas(): Map<z.ZodType, string> {
  const named = new Map<z.ZodType, string>();
  const vocabularies = { DecisionStatus, GoalStatus, OpenTaskStatus, TaskStatus, WorkstreamStatus };
  for (const [name, value] of Object.entries({ ...schemas, ...vocabularies })) {
    if (value instanceof z.ZodType) named.set(value, name);
  }
  return named;
}

/**
 * The router's procedures read from tRPC's own record (`_def.procedures`, flat and keyed by
 * the dotted path), so a procedure added to the router is in the document without anyone
 * listing it; one without a summary, or with an input or output that is not a named schema,
 * stops the generator.
 */
export function procedureEntries(): ProcedureEntry[] {
  const named = namedSchemas();
  const nameOf = (schema: z.ZodType, path: string, role: string): string => {
    const name = named.get(schema);
    if (name === undefined) {
      throw new Error(`${path}: its ${role} is not a named export of packages/api/src/schemas`);
    }
    return name;
  };
  const entries: ProcedureEntry[] = [];
  for (const [path, procedure] of Object.entries(appRouter._def.procedures)) {
    const def = (procedure as unknown as { _def: ProcedureDef })._def;
    if (def.type === "subscription") throw new Error(`${path}: subscriptions are not served over HTTP`);
    if (!def.meta?.summary) throw new Error(`${path}: no .meta({ summary })`);
    if (def.inputs.length > 1) throw new Error(`${path}: more than one .input()`);
    if (!(def.output instanceof z.ZodType)) throw new Error(`${path}: no zod .output()`);
    const rawInput = def.inputs[0];
    let input: ProcedureEntry["input"];
    if (rawInput !== undefined) {
      if (!(rawInput instanceof z.ZodType)) throw new Error(`${path}: its input is not a zod schema`);
      const optional = rawInput instanceof z.ZodOptional;
      const schema = optional ? (rawInput.unwrap() as z.ZodType) : rawInput;
      input = { name: nameOf(schema, path, "input"), schema, required: !optional };
    }
    entries.push({
      path,
      type: def.type,
      meta: def.meta,
      input,
      output: { name: nameOf(def.output, path, "output"), schema: def.output },
    });
  }
  return entries;
}
