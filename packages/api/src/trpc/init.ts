import { initTRPC } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.js";
import { errorDetails, INTERNAL_MESSAGE, invalidInputMessage } from "./errors.js";

/**
 * tRPC with no transformer: plain JSON on the wire, so any HTTP client can call the hub.
 * The error formatter drops stack traces always (not only in production) and adds details.
 */
export const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...data } = shape.data;
    let message = shape.message;
    if (error.cause instanceof z.ZodError) message = invalidInputMessage(error.cause);
    if (error.code === "INTERNAL_SERVER_ERROR") message = INTERNAL_MESSAGE;
    return { ...shape, message, data: { ...data, ...errorDetails(error) } };
  },
});
