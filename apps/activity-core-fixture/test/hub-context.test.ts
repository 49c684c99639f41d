import { describe, expect, it } from "vitest";
import { type HubClientProcedures, hubContextFromClient } from "../src/index.js";

// The procedures as the hub's tRPC client exposes them, answering like the server does.
function clientWith(
  pages: Record<string, { items: unknown[]; nextCursor: string | null }>,
  flagged: unknown,
) {
  const seen: unknown[] = [];
  const client: HubClientProcedures = {
    maintenance: { flagStaleTasks: { mutate: async () => flagged } },
    workstreams: {
      list: {
        query: async (input) => {
          seen.push(input);
          const page = pages[input.cursor ?? "first"];
          if (!page) throw new Error(`no page ${input.cursor}`);
          return page;
        },
      },
    },
  };
  return { client, seen };
}

const ws = (id: string) => ({
  id,
  key: id.toUpperCase(),
  title: id,
  domain: "d",
  repo: null,
  status: "blocked",
  updatedAt: "2025-01-01T00:00:00.000Z",
  statusChangedAt: "2025-01-01T00:00:00.000Z",
  createdAt: "2024-12-01T00:00:00.000Z",
});

describe("the hub context over the tRPC client", () => {
  it("follows workstreams.list cursors to the last page", async () => {
    const { client, seen } = clientWith(
      { first: { items: [ws("a"), ws("b")], nextCursor: "c2" }, c2: { items: [ws("c")], nextCursor: null } },
      { flagged: [] },
    );
    const items = await hubContextFromClient(client).listWorkstreams({ status: "blocked" });
    expect(items.map((i) => i.id)).toEqual(["a", "b", "c"]);
    expect(seen).toEqual([{ status: "blocked" }, { status: "blocked", cursor: "c2" }]);
  });

  it("returns the flagged tasks, and refuses a result of an unexpected shape with a clear message", async () => {
    const good = clientWith(
      {},
      { thresholdDays: 14, dryRun: false, cutoff: "x", flagged: [{ taskId: "t", key: "T-1", title: "x" }] },
    );
    expect(await hubContextFromClient(good.client).flagStaleTasks({ thresholdDays: 14 })).toEqual([
      { taskId: "t", key: "T-1", title: "x" },
    ]);
    const bad = clientWith({}, { tasks: [] });
    await expect(hubContextFromClient(bad.client).flagStaleTasks({})).rejects.toThrow(
      /hub maintenance.flagStaleTasks returned an unexpected shape/,
    );
  });
});
