#!/usr/bin/env node
import { helpText } from "./commands/help.js";
import { commands } from "./commands/index.js";
import { ConfigError } from "./config.js";
import { errorMessage } from "./error-message.js";

/** The command whose (possibly multi-word) name the arguments start with; the longest wins. */
function findCommand(argv: string[]) {
  const matches = commands.filter((command) => {
    const words = command.name.split(" ");
    return words.every((word, index) => argv[index] === word);
  });
  return matches.sort((a, b) => b.name.length - a.name.length)[0];
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    console.log(helpText(commands));
    return 0;
  }
  const command = findCommand(argv);
  if (!command) {
    console.error(`statehub: unknown command "${argv.join(" ")}"\n\n${helpText(commands)}`);
    return 2;
  }
  const args = argv.slice(command.name.split(" ").length);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(`${command.name}: ${command.summary}${command.usage ? `\n${command.usage}` : ""}`);
    return 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Expected failures (configuration) print one line; anything else too, without a stack.
    console.error(`statehub: ${error instanceof ConfigError ? error.message : errorMessage(error)}`);
    process.exitCode = 1;
  },
);
