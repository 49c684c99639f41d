import type { Command } from "./command.js";
import { migrateCommand } from "./migrate.js";
import { outboxDiscardCommand, outboxParkedCommand, outboxRetryCommand } from "./outbox.js";
import { serveCommand } from "./serve.js";
import { tasksStaleCommand } from "./tasks-stale.js";
import { workplansCommand } from "./workplans.js";

/** Every CLI command; add new ones here (their file under src/commands/). */
export const commands: Command[] = [
  serveCommand,
  migrateCommand,
  tasksStaleCommand,
  outboxParkedCommand,
  outboxRetryCommand,
  outboxDiscardCommand,
  workplansCommand,
];

export type { Command } from "./command.js";
