import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { sendJson } from "./json.js";

// The tools other repos run against this hub, downloadable from the hub itself, so a repo's CI
// needs nothing but Node and the hub's URL, and always runs the CLI of the hub it syncs into
// (no package registry to publish to, no version to keep in step). Readable without a token:
// the file holds no data.

export const WORKPLANS_CLI_PATH = "/tools/statehub-workplans.mjs";

/** The workplans CLI bundled into one dependency-free file (packages/workplans' build). */
function defaultWorkplansBin(): string {
  return fileURLToPath(new URL("./statehub-workplans.mjs", import.meta.resolve("@statehub/workplans")));
}

export interface ToolRoutes {
  owns(pathname: string): boolean;
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): void;
}

export function createToolRoutes(options: { workplansBin?: string } = {}): ToolRoutes {
  const workplansBin = options.workplansBin ?? defaultWorkplansBin();
  return {
    owns: (pathname) => pathname === "/tools" || pathname.startsWith("/tools/"),
    serve(req, res, pathname) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendJson(res, 405, { error: "method not allowed" });
        return;
      }
      if (pathname !== WORKPLANS_CLI_PATH) {
        sendJson(res, 404, {
          error: "not found",
          message: `no route ${pathname}: see ${WORKPLANS_CLI_PATH}`,
        });
        return;
      }
      readFile(workplansBin).then(
        (content) => {
          res.writeHead(200, {
            "content-type": "text/javascript; charset=utf-8",
            "content-length": content.length,
            "content-disposition": 'attachment; filename="statehub-workplans.mjs"',
            // A new hub build may bring a new CLI: revalidate rather than cache for long.
            "cache-control": "no-cache",
            "x-content-type-options": "nosniff",
          });
          res.end(req.method === "HEAD" ? undefined : content);
        },
        () =>
          sendJson(res, 404, {
            error: "not found",
            message: "this hub was built without the workplans CLI bundle (build @statehub/workplans)",
          }),
      );
    },
  };
}
