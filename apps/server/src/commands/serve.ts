import { startApp } from "../app.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import type { Command } from "./command.js";
import { describeStartupError } from "./startup-error.js";

export const serveCommand: Command = {
  name: "serve",
  summary: "run the API server (migrates the database first)",
  async run() {
    const config = loadConfig();
    const logger = createLogger({ level: config.logLevel });
    let app: Awaited<ReturnType<typeof startApp>>;
    try {
      app = await startApp({ config, logger });
    } catch (error) {
      console.error(`statehub: ${describeStartupError(error, config)}`);
      return 1;
    }
    if (app.url !== undefined) {
      // A second opener of the same PGlite directory is refused; this tells it where to go.
      try {
        app.database.dataDirLock?.advertise({ url: app.url });
      } catch (error) {
        logger.warn({ err: error }, "could not record the URL in the data directory's lock");
      }
    }
    return new Promise<number>((resolve) => {
      const finish = (code: number) => {
        resolve(code);
        // Everything the hub opened is closed by now. A handle a library leaves behind (the
        // database client's reconnect timer after its connections were cut under it, say) must
        // not keep a stopped hub alive: exit shortly if the event loop does not empty by itself.
        setTimeout(() => process.exit(code), 1_000).unref();
      };
      const shutdown = (signal: NodeJS.Signals) => {
        logger.info({ signal }, "shutting down");
        app.close().then(
          () => finish(0),
          (error: unknown) => {
            logger.error({ err: error }, "shutdown failed");
            finish(1);
          },
        );
      };
      process.once("SIGTERM", shutdown);
      process.once("SIGINT", shutdown);
    });
  },
};
