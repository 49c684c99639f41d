// A built server's relay, from any checkout's apps/server/dist (this one's, or BENCH_COMPARE_DIST's),
// so the relay benchmarks can run two builds in the same rounds.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** Its OutboxRelay, and a pool opened as that build's relay worker opens one. */
export async function relayBuild(dist) {
  const { OutboxRelay } = await import(pathToFileURL(`${dist}/relay/relay.js`).href);
  const worker = await import(pathToFileURL(`${dist}/relay/worker.js`).href);
  const distRequire = createRequire(`${dist}/../package.json`);
  const fromDist = (specifier) => import(pathToFileURL(distRequire.resolve(specifier)).href);
  const openDatabase = worker.openRelayDatabase
    ? (url) => worker.openRelayDatabase(url)
    : async (url) => {
        // Builds before openRelayDatabase: what startRelayWorker did inline.
        const db = await fromDist("@statehub/db");
        const { RELAY_APPLICATION_NAME } = await fromDist("@statehub/api/outbox");
        return db.openPostgres({ url, max: 2, applicationName: RELAY_APPLICATION_NAME });
      };
  return { OutboxRelay, openDatabase };
}
