import { execFile } from "node:child_process";

interface GitWorkTree {
  /** The work tree's top folder: file paths sent to the hub are relative to it. */
  topLevel: string;
  /** The commit checked out (undefined in a repository without commits). */
  head: string | undefined;
}

/** The git work tree `cwd` is in, or undefined (not in one, or no git installed). */
export async function gitWorkTree(cwd: string): Promise<GitWorkTree | undefined> {
  const topLevel = await git(cwd, ["rev-parse", "--show-toplevel"]);
  if (topLevel === undefined) return undefined;
  return { topLevel, head: await git(cwd, ["rev-parse", "--verify", "--quiet", "HEAD"]) };
}

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd, timeout: 10_000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}
