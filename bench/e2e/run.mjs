// bench:e2e — latency from commit to the event being in the stream, p50/p99, at a steady write
// rate. Writes go through recordEvent in their own transactions (as the services do) and wake
// the relay in-process (onEventsCommitted); an ordered consumer reads the stream back.
// Targets (issue 14): p50 ≤ 2 ms, p99 ≤ 25 ms. Baseline in the same run: the same stream's delivery
// latency for raw nats.js publishes (publish → ordered consumer), at the same rate. Raw and
// relay alternate in each of BENCH_ROUNDS rounds; BENCH_COMPARE_DIST=<other checkout>/apps/server/dist
// runs that build's relay in every round too. The relay has a pool of its own, opened as the hub's
// relay worker opens it (BENCH_SHARED_POOL=1: the writers' pool instead).
import {
  fmt,
  fromServer,
  knob,
  quietLogger,
  requireDatabaseUrl,
  serverDist,
  sleep,
  startNatsAndPostgres,
  summarise,
  until,
} from "../lib/common.mjs";
import { relayBuild } from "../lib/relay-build.mjs";
import { compareDist, loadLine, median, medianSpread, OWN_DIST } from "../lib/rounds.mjs";

const RATE = knob("BENCH_RATE", 300); // writes/s
const SECONDS = knob("BENCH_SECONDS", 10);
const TOTAL = RATE * SECONDS;
const ROUNDS = knob("BENCH_ROUNDS", 3);
const COMPARE = compareDist();

requireDatabaseUrl();
const { createEnvelope, encodeEnvelope, natsMsgId, NATS_MSG_ID_HEADER } =
  await fromServer("@statehub/events");
const { connect } = await fromServer("@nats-io/transport-node");
const { jetstream, jetstreamManager } = await fromServer("@nats-io/jetstream");
const { ensureStream } = await serverDist("relay/stream.js");
const { recordEvent } = await fromServer("@statehub/api/outbox");

const services = await startNatsAndPostgres();
const { nats, fresh, database } = services;
const reader = await connect({ servers: nats.url });
const js = jetstream(reader);

const repoData = (i) => ({
  repoId: crypto.randomUUID(),
  name: `bench/e2e-${i}`,
  domain: "platform",
  url: null,
  defaultBranch: "main",
});

/**
 * Reads the stream with an ordered consumer and notes when each id arrived. The relay may put
 * an event in the stream before the writer's `await commit` has resumed; such a latency is
 * taken as 0 (the true figure lies between 0 and the time the writer took to resume).
 */
async function follow(stream) {
  const readAt = new Map();
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.consume();
  (async () => {
    for await (const m of messages) {
      const id = m.headers?.get(NATS_MSG_ID_HEADER);
      if (id) readAt.set(id, performance.now());
    }
  })();
  return { messages, readAt };
}

function latenciesOf(startedAt, readAt) {
  let early = 0;
  const latencies = [];
  for (const [id, t0] of startedAt) {
    const t1 = readAt.get(id);
    if (t1 === undefined) throw new Error(`event ${id} never arrived`);
    if (t1 < t0) early += 1;
    latencies.push(Math.max(0, t1 - t0));
  }
  return { latencies, early };
}

/** Calls `write(i)` RATE times a second for SECONDS (open loop: a slow write does not slow the schedule). */
async function steady(write) {
  const begin = performance.now();
  const pending = [];
  for (let i = 0; i < TOTAL; i += 1) {
    const due = begin + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(write(i));
  }
  await Promise.all(pending);
}

let streams = 0;
const nextStream = (prefix) => {
  streams += 1;
  return `${prefix}${streams}`;
};

async function relayRun(build) {
  const stream = nextStream("E2E");
  await ensureStream(reader, stream);
  const relayDb = knob("BENCH_SHARED_POOL", 0) ? database : await build.openDatabase(fresh.url);
  const relay = new build.OutboxRelay({
    database: relayDb,
    nats: { url: nats.url },
    stream,
    logger: quietLogger,
  });
  await relay.start();
  await until(() => relay.status().state === "idle", { what: "relay idle" });
  const startedAt = new Map();
  const { messages, readAt } = await follow(stream);
  await steady(async (i) => {
    const envelope = await database.db.transaction((tx) =>
      recordEvent(tx, "org.statehub.repo.registered", repoData(i), new Date(), { source: "/bench" }),
    );
    startedAt.set(envelope.id, performance.now()); // the commit has returned
    relay.notify(); // what onEventsCommitted does in the app
  });
  await until(() => readAt.size >= TOTAL, { what: "all events read back", timeoutMs: 60_000 });
  await messages.close();
  await relay.stop();
  if (relayDb !== database) await relayDb.close();
  await (await jetstreamManager(reader)).streams.delete(stream);
  return latenciesOf(startedAt, readAt);
}

async function rawRun() {
  const stream = nextStream("RAW");
  await ensureStream(reader, stream);
  const publisher = await connect({ servers: nats.url });
  const pjs = jetstream(publisher);
  const startedAt = new Map();
  const { messages, readAt } = await follow(stream);
  await steady(async (i) => {
    const envelope = createEnvelope("org.statehub.repo.registered", repoData(i), {
      time: new Date(),
      source: "/bench",
    });
    startedAt.set(envelope.id, performance.now());
    await pjs.publish(envelope.type, encodeEnvelope(envelope), { msgID: natsMsgId(envelope) });
  });
  await until(() => readAt.size >= TOTAL, { what: "all raw events read back", timeoutMs: 60_000 });
  await messages.close();
  await publisher.close();
  await (await jetstreamManager(reader)).streams.delete(stream);
  return latenciesOf(startedAt, readAt);
}

try {
  console.log(`bench:e2e — start: ${loadLine()}`);
  console.log(
    `${RATE} writes/s for ${SECONDS} s (${TOTAL} events) per run, ${ROUNDS} rounds, Postgres + nats-server ${nats.url}` +
      (COMPARE ? `\ncompare: ${COMPARE}` : ""),
  );
  const builds = [{ name: "relay", build: await relayBuild(OWN_DIST) }];
  if (COMPARE) builds.push({ name: "compare", build: await relayBuild(COMPARE) });
  const raw = [];
  const results = new Map(builds.map((b) => [b.name, []]));
  let early = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    raw.push(summarise((await rawRun()).latencies));
    const order = builds.map((_, i) => builds[(i + round) % builds.length]);
    for (const { name, build } of order) {
      const result = await relayRun(build);
      early += result.early;
      results.get(name).push(summarise(result.latencies));
    }
    console.log(
      `  round ${round + 1}: raw p50/p99 ${fmt(raw.at(-1).p50)}/${fmt(raw.at(-1).p99)} ms, ${builds
        .map(
          (b) => `${b.name} ${fmt(results.get(b.name).at(-1).p50)}/${fmt(results.get(b.name).at(-1).p99)} ms`,
        )
        .join(", ")}`,
    );
  }
  console.log(
    `(${early} events in all were in the stream before the writer's commit call returned: counted as 0 ms)`,
  );
  const line = (label, runs) =>
    console.log(
      `${label.padEnd(30)} p50 ${medianSpread(runs.map((r) => r.p50))} ms, p99 ${medianSpread(runs.map((r) => r.p99))} ms, max ${medianSpread(runs.map((r) => r.max))} ms`,
    );
  line("raw publish → read back:", raw);
  for (const { name } of builds) {
    const runs = results.get(name);
    line(`${name}: commit → in stream:`, runs);
    const p50 = median(runs.map((r) => r.p50));
    const p99 = median(runs.map((r) => r.p99));
    console.log(
      `  targets: p50 ≤ 2 ms ${p50 <= 2 ? "MET" : "MISSED"}, p99 ≤ 25 ms ${p99 <= 25 ? "MET" : "MISSED"} (medians over rounds)`,
    );
  }
  console.log(`end: ${loadLine()}`);
} finally {
  await reader.close();
  await services.close();
}
