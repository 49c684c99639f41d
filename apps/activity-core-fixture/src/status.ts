import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { FixtureConfig } from "./config.js";
import { createIssueCoreStore } from "./issue-core/store.js";

/**
 * What `activity-core-fixture status` prints: read from the sources of truth (the durable's
 * info on the server, the issue-core table), plus the running process's counters when its
 * status port is configured. Each part reports its own error instead of failing the whole.
 */
export async function readStatus(config: FixtureConfig): Promise<Record<string, unknown>> {
  const status: Record<string, unknown> = { stream: config.stream, durable: config.durable };

  if (config.natsUrl) {
    try {
      const nc = await connect({ servers: config.natsUrl, timeout: 3_000 });
      try {
        const jsm = await jetstreamManager(nc, { timeout: 3_000 });
        const info = await jsm.consumers.info(config.stream, config.durable);
        status.consumer = {
          lag: info.num_pending,
          ackPending: info.num_ack_pending,
          redelivered: info.num_redelivered,
          delivered: info.delivered.stream_seq,
          ackFloor: info.ack_floor.stream_seq,
        };
      } finally {
        await nc.close();
      }
    } catch (error) {
      status.consumer = { error: (error as Error).message };
    }
  }

  if (config.databaseUrl) {
    const store = createIssueCoreStore(config.databaseUrl);
    try {
      const tasks = await store.listTasks();
      const byDefinition: Record<string, number> = {};
      for (const task of tasks) byDefinition[task.definitionId] = (byDefinition[task.definitionId] ?? 0) + 1;
      status.tasks = { total: tasks.length, byDefinition };
    } catch (error) {
      status.tasks = { error: (error as Error).message };
    } finally {
      await store.close({ timeoutSeconds: 1 });
    }
  }

  if (config.statusPort !== undefined) {
    try {
      const response = await fetch(`http://127.0.0.1:${config.statusPort}/status`, {
        signal: AbortSignal.timeout(3_000),
      });
      status.process = ((await response.json()) as { metrics: unknown }).metrics;
    } catch (error) {
      status.process = {
        error: `no running fixture on port ${config.statusPort}: ${(error as Error).message}`,
      };
    }
  }
  return status;
}
