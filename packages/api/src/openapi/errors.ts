import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import type { JsonObject } from "./json.js";

// The error answers of the HTTP API, as tRPC and the hub's error formatter (trpc/init.ts) write
// them. The numeric JSON-RPC codes and HTTP statuses come from tRPC's own tables.

interface ErrorAnswer {
  /** The component name of the response. */
  name: string;
  codes: readonly TRPC_ERROR_CODE_KEY[];
  description: string;
}

export const ERROR_ANSWERS = {
  badRequest: {
    name: "BadRequest",
    codes: ["BAD_REQUEST", "PARSE_ERROR"],
    description:
      "Invalid input: `error.data.fieldErrors` has messages per input field, `error.data.formErrors` the ones about the input as a whole (e.g. an unknown key). A reference that matches nothing (an unknown domain slug, a malformed cursor) is reported on its field too. PARSE_ERROR: the input is not JSON.",
  },
  unauthorized: {
    name: "Unauthorized",
    codes: ["UNAUTHORIZED"],
    description:
      "Tokens are configured and the request has no `Authorization: Bearer <token>`, or an unknown one.",
  },
  forbidden: {
    name: "Forbidden",
    codes: ["FORBIDDEN"],
    description: "The token has read scope; this call changes state and needs write.",
  },
  notFound: {
    name: "NotFound",
    codes: ["NOT_FOUND"],
    description: "The entity the call is about does not exist.",
  },
  conflict: {
    name: "Conflict",
    codes: ["CONFLICT"],
    description:
      "The call conflicts with the entity's state: an illegal status transition (`error.data.currentState` names the current status), a key already taken, or a re-registration with other details.",
  },
  payloadTooLarge: {
    name: "PayloadTooLarge",
    codes: ["PAYLOAD_TOO_LARGE"],
    description: "The request body is over 1 MiB; refused before it is read.",
  },
  internal: {
    name: "InternalServerError",
    codes: ["INTERNAL_SERVER_ERROR"],
    description: "A fault in the hub; the message is generic, the details are in the hub's log.",
  },
  unavailable: {
    name: "ServiceUnavailable",
    codes: ["SERVICE_UNAVAILABLE"],
    description: "The hub cannot reach its database; retry later.",
  },
} as const satisfies Record<string, ErrorAnswer>;

export type ErrorAnswerKey = keyof typeof ERROR_ANSWERS;

export function httpStatusOf(code: TRPC_ERROR_CODE_KEY): number {
  return getHTTPStatusCodeFromError(new TRPCError({ code }));
}

/** The `{error: {message, code, data}}` body, with `data.code` narrowed to the answer's codes. */
export function errorBodySchema(answer: ErrorAnswer): JsonObject {
  const example = answer.codes[0] as TRPC_ERROR_CODE_KEY;
  return {
    type: "object",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: ["message", "code", "data"],
        additionalProperties: false,
        properties: {
          message: { type: "string", description: "What went wrong, for a person; never a stack trace." },
          code: {
            type: "integer",
            enum: answer.codes.map((code) => TRPC_ERROR_CODES_BY_KEY[code]),
            description: "The JSON-RPC 2.0 error code tRPC gives this error.",
          },
          data: {
            type: "object",
            required: ["code", "httpStatus"],
            additionalProperties: false,
            properties: {
              code: { type: "string", enum: [...answer.codes] },
              httpStatus: { type: "integer", enum: [...new Set(answer.codes.map(httpStatusOf))] },
              path: {
                type: "string",
                description: "The procedure called; absent when no procedure was reached.",
              },
              fieldErrors: {
                type: "object",
                additionalProperties: { type: "array", items: { type: "string" } },
                description: "Messages per input field (BAD_REQUEST).",
              },
              formErrors: {
                type: "array",
                items: { type: "string" },
                description: "Messages about the input as a whole (BAD_REQUEST).",
              },
              currentState: {
                type: "string",
                description: "The entity's current status, when a transition is refused (CONFLICT).",
              },
            },
          },
        },
      },
    },
    examples: [
      {
        error: {
          message: exampleMessage(example),
          code: TRPC_ERROR_CODES_BY_KEY[example],
          data: { code: example, httpStatus: httpStatusOf(example), ...exampleDetails(example) },
        },
      },
    ],
  };
}

function exampleMessage(code: TRPC_ERROR_CODE_KEY): string {
  switch (code) {
    case "BAD_REQUEST":
      return "invalid input: domain: must be lowercase letters, digits and -, starting with a letter or digit";
    case "UNAUTHORIZED":
      return "missing Authorization: Bearer <token>";
    case "FORBIDDEN":
      return "token ci has read scope; this call needs write";
    case "NOT_FOUND":
      return "repo acme/nothing not found";
    case "PAYLOAD_TOO_LARGE":
      return "request body over 1048576 bytes";
    case "CONFLICT":
      return "domainGoal is abandoned; cannot move to active (it is final)";
    case "SERVICE_UNAVAILABLE":
      return "database unavailable: the hub cannot reach its database, retry later";
    default:
      return "internal server error";
  }
}

function exampleDetails(code: TRPC_ERROR_CODE_KEY): JsonObject {
  switch (code) {
    case "BAD_REQUEST":
      return {
        path: "repos.register",
        fieldErrors: { domain: ["must be lowercase letters, digits and -, starting with a letter or digit"] },
        formErrors: [],
      };
    case "PAYLOAD_TOO_LARGE":
      return {};
    case "NOT_FOUND":
      return { path: "repos.get" };
    case "CONFLICT":
      return { path: "domainGoals.activate", currentState: "abandoned" };
    default:
      return { path: "repos.register" };
  }
}
