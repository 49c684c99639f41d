import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

// Anything that may carry a secret is censored wherever it appears in a log object, even
// if a future log call passes a whole request or config by mistake.
const REDACTED_PATHS = [
  "authorization",
  "headers.authorization",
  "req.headers.authorization",
  "*.authorization",
  "token",
  "*.token",
  "tokens",
  "*.tokens",
  "password",
  "*.password",
  "apiTokens",
  "*.apiTokens",
  "databaseUrl",
  "*.databaseUrl",
  "natsToken",
  "natsPassword",
  "*.natsToken",
  "*.natsPassword",
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? "info",
    base: { service: "statehub" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
