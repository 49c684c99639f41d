import { type Logger, pino } from "pino";

/** JSON logs on stdout. Fields that could carry a secret are censored, should one ever be passed. */
export function createLogger(level = "info"): Logger {
  return pino({
    name: "activity-core-fixture",
    level,
    redact: {
      paths: ["token", "*.token", "authorization", "*.authorization", "password", "*.password"],
      censor: "[redacted]",
    },
  });
}
