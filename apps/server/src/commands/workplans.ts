import { runWorkplansCli } from "@statehub/workplans";
import type { Command } from "./command.js";

/**
 * `statehub workplans sync …`: the same command as the `statehub-workplans` bin of
 * @statehub/workplans (which other repos' CI runs); it talks to a hub over HTTP like any
 * client, so it needs no database configuration.
 */
export const workplansCommand: Command = {
  name: "workplans",
  summary: "sync workplan files into a hub (workplans sync --help)",
  usage:
    "workplans sync [--url URL] [--token T] [--repo NAME] [--ref SHA] [--write-ids] [--prune] [--dry-run] [--json] <files or folders…>",
  run(args) {
    return runWorkplansCli(args, {
      cwd: process.cwd(),
      env: process.env,
      stdout: (text) => console.log(text),
      stderr: (text) => console.error(text),
    });
  },
};
