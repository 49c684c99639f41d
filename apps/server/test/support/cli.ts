import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with exactly the given environment (plus PATH). */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<Run> {
  return runNode([CLI, ...args], { env, timeoutMs });
}

/**
 * Runs `node args…` as its own process with only PATH and `env`, collecting its output; killed
 * (and the promise rejected) after `timeoutMs`.
 */
export function runNode(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`node ${args.join(" ")} did not exit within ${options.timeoutMs} ms; stderr: ${stderr}`),
      );
    }, options.timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
