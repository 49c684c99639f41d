/** A CLI command: `name` may have several words (e.g. "tasks stale"). */
export interface Command {
  name: string;
  summary: string;
  usage?: string;
  /** Runs with the arguments after the command's name; resolves with the exit code. */
  run(args: string[]): Promise<number>;
}
