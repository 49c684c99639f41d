import { TaskStatus, WorkstreamStatus } from "@statehub/events";
import { z } from "zod";

/**
 * Everything the fixture reads from or asks of the hub goes through this file: cron
 * definitions name a call by its tRPC path, and the rest of the fixture only sees HubContext.
 * Results are parsed here, so a server that drifts from what the fixture expects fails one
 * run with a clear message instead of creating nonsense tasks.
 */

const FlaggedTask = z.looseObject({
  taskId: z.string(),
  key: z.string(),
  title: z.string(),
  status: TaskStatus.optional(),
  workstreamId: z.string().optional(),
  lastUpdatedAt: z.string().optional(),
});
type FlaggedTask = z.output<typeof FlaggedTask>;

const WorkstreamItem = z.looseObject({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  status: WorkstreamStatus,
  domain: z.string().nullable().optional(),
  updatedAt: z.string().optional(),
  /** When the status last changed: for a blocked workstream, "blocked since". */
  statusChangedAt: z.string(),
});
type WorkstreamItem = z.output<typeof WorkstreamItem>;

export const FlagStaleTasksInput = z.strictObject({ thresholdDays: z.int().min(1).max(3650).optional() });
export const ListWorkstreamsInput = z.strictObject({
  status: WorkstreamStatus.optional(),
  domain: z.string().optional(),
});

export interface HubContext {
  /** maintenance.flagStaleTasks: the hub flags stale tasks and publishes task.stale for each. */
  flagStaleTasks(input: z.output<typeof FlagStaleTasksInput>): Promise<FlaggedTask[]>;
  /** workstreams.list, all pages. */
  listWorkstreams(input: z.output<typeof ListWorkstreamsInput>): Promise<WorkstreamItem[]>;
}

/** The procedures of the hub's tRPC client the fixture uses; the real proxy client fits it. */
export interface HubClientProcedures {
  maintenance: {
    flagStaleTasks: { mutate(input: z.output<typeof FlagStaleTasksInput>): Promise<unknown> };
  };
  workstreams: {
    list: { query(input: z.output<typeof ListWorkstreamsInput> & { cursor?: string }): Promise<unknown> };
  };
}

const FlagStaleTasksResult = z.looseObject({ flagged: z.array(FlaggedTask) });
const WorkstreamPage = z.looseObject({
  items: z.array(WorkstreamItem),
  nextCursor: z.string().nullable().optional(),
});

// A runaway cursor must not turn one cron run into an endless loop.
const MAX_PAGES = 50;

function parseResult<T extends z.ZodType>(schema: T, value: unknown, call: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`hub ${call} returned an unexpected shape: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function hubContextFromClient(client: HubClientProcedures): HubContext {
  return {
    async flagStaleTasks(input) {
      const result = await client.maintenance.flagStaleTasks.mutate(input);
      return parseResult(FlagStaleTasksResult, result, "maintenance.flagStaleTasks").flagged;
    },
    async listWorkstreams(input) {
      const items: WorkstreamItem[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.workstreams.list.query(
          cursor === undefined ? input : { ...input, cursor },
        );
        const parsed = parseResult(WorkstreamPage, result, "workstreams.list");
        items.push(...parsed.items);
        if (!parsed.nextCursor) return items;
        cursor = parsed.nextCursor;
      }
      throw new Error(`hub workstreams.list returned more than ${MAX_PAGES} pages`);
    },
  };
}

interface HubCall {
  /** Validates the `input` a definition passes, at load time. */
  input: z.ZodType;
  /** The shape of one item the call yields: rules and templates of the definition read it as `item`. */
  item: z.ZodType;
  invoke(hub: HubContext, input: unknown): Promise<unknown[]>;
}

/** The hub calls a cron definition may name as its context source, keyed by tRPC path. */
export const HUB_CALLS = {
  "maintenance.flagStaleTasks": {
    input: FlagStaleTasksInput,
    item: FlaggedTask,
    invoke: (hub, input) => hub.flagStaleTasks(FlagStaleTasksInput.parse(input)),
  },
  "workstreams.list": {
    input: ListWorkstreamsInput,
    item: WorkstreamItem,
    invoke: (hub, input) => hub.listWorkstreams(ListWorkstreamsInput.parse(input)),
  },
} as const satisfies Record<string, HubCall>;

export type HubCallName = keyof typeof HUB_CALLS;
export const HUB_CALL_NAMES = Object.keys(HUB_CALLS) as HubCallName[];
