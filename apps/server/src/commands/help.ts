import type { Command } from "./command.js";

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  const usages = commands.filter((command) => command.usage).map((command) => `  ${command.usage}`);
  return [
    "usage: statehub <command> [options]",
    "",
    "commands:",
    ...lines,
    ...(usages.length > 0 ? ["", "options:", ...usages] : []),
    "",
    "Configuration comes from the environment: DATABASE_URL (unset: embedded PGlite in",
    "STATEHUB_DATA_DIR, default .statehub/data), PORT (4000), HOST (127.0.0.1),",
    "STATEHUB_API_TOKENS (name:token:scope,…), NATS_URL, NATS_STREAM, LOG_LEVEL.",
  ].join("\n");
}
