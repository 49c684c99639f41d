// The load generator, run in a process of its own so it does not share a CPU budget (event
// loop, GC) with the process under test. Reads its job as JSON from argv[2], prints the
// autocannon result summary as one JSON line.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../apps/server/package.json", import.meta.url));
const autocannon = require("autocannon");

const job = JSON.parse(process.argv[2]);
let counter = 0;
const request =
  job.kind === "write"
    ? {
        method: "POST",
        path: job.path,
        headers: { "content-type": "application/json" },
        // Every request registers a new repo (a fresh name), so each is a real insert + outbox row.
        setupRequest(req) {
          counter += 1;
          return {
            ...req,
            body: JSON.stringify({ name: `${job.prefix}/r-${process.pid}-${counter}`, domain: job.domain }),
          };
        },
      }
    : { method: "GET", path: job.path };

const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  // A steady rate instead of as fast as possible, when given (the memory soak).
  ...(job.rate ? { overallRate: job.rate } : {}),
  requests: [request],
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }),
);
