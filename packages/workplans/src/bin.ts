#!/usr/bin/env node
import { runWorkplansCli } from "./cli/main.js";

// The bin other repos' CI runs (`statehub-workplans sync …`): bundled with its dependencies
// into one file, so it needs only Node.
runWorkplansCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => console.log(text),
  stderr: (text) => console.error(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`workplans: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
