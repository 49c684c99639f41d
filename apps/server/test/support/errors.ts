import type { AppRouter } from "@statehub/api";
import { TRPCClientError } from "@statehub/client";

/** Awaits a call expected to fail and returns its typed tRPC client error. */
export async function failure(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error("expected the call to fail, it succeeded");
}
