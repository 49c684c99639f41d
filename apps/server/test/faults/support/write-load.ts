import { postProcedure } from "../../bad-input/support/http.js";

/** What happened to one repos.register call. */
export interface WriteOutcome {
  name: string;
  /** HTTP status; 0 when the connection failed (e.g. the server was killed). */
  status: number;
  /** The repo id when the write was accepted. */
  repoId?: string;
  message?: string;
  startedAt: number;
  durationMs: number;
}

export interface WriteLoad {
  outcomes: WriteOutcome[];
  /** Stops issuing new writes and waits for those in flight. */
  stop(): Promise<WriteOutcome[]>;
}

/**
 * Keeps `concurrency` callers registering repos (one repo row + one outbox row per call) with
 * unique names until stopped, recording every outcome. Calls are paced by their own answers,
 * so the load is bounded by the server's speed, not a timer.
 */
export function startWriteLoad(options: {
  url: string;
  domain: string;
  concurrency: number;
  prefix: string;
  headers?: Record<string, string>;
}): WriteLoad {
  const outcomes: WriteOutcome[] = [];
  let running = true;
  let counter = 0;
  const worker = async () => {
    while (running) {
      counter += 1;
      const name = `${options.prefix}/repo-${counter}`;
      const startedAt = Date.now();
      try {
        const response = await postProcedure(
          options.url,
          "repos.register",
          { name, domain: options.domain },
          options.headers,
        );
        const body = response.json as { result?: { data?: { id?: string } }; error?: { message?: string } };
        const repoId = body?.result?.data?.id;
        outcomes.push({
          name,
          status: response.status,
          ...(repoId ? { repoId } : {}),
          ...(body?.error?.message ? { message: body.error.message } : {}),
          startedAt,
          durationMs: Date.now() - startedAt,
        });
      } catch (error) {
        outcomes.push({
          name,
          status: 0,
          message: String(error),
          startedAt,
          durationMs: Date.now() - startedAt,
        });
        // The server is gone: do not spin.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const workers = Array.from({ length: options.concurrency }, () => worker());
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(workers);
      return outcomes;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const accepted = (outcomes: WriteOutcome[]) => outcomes.filter((o) => o.status === 200);
export const refused = (outcomes: WriteOutcome[]) => outcomes.filter((o) => o.status !== 200);
