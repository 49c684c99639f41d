// bench:e2e — latency from commit to the event being in the stream, p50/p99, at a steady write
// rate. Writes go through recordEvent in their own transactions (as the services do) and wake
// the relay in-process (onEventsCommitted); an ordered consumer reads the stream back.
// Targets: p50 ≤ 5 ms, p99 ≤ 25 ms. Baseline in the same run: the same stream's delivery
// latency for raw nats.js publishes (publish → ordered consumer), at the same rate.
import {
  fmt,
  fromServer,
  knob,
  quietLogger,
  relayModules,
  requireDatabaseUrl,
  sleep,
  startNatsAndPostgres,
  summarise,
  until,
} from "../lib/common.mjs";

const RATE = knob("BENCH_RATE", 300); // writes/s
const SECONDS = knob("BENCH_SECONDS", 10);
const TOTAL = RATE * SECONDS;

requireDatabaseUrl();
const { openPostgres } = await fromServer("@statehub/db");
const { createEnvelope, encodeEnvelope, natsMsgId, NATS_MSG_ID_HEADER } =
  await fromServer("@statehub/events");
const { connect, jetstream, jetstreamManager, OutboxRelay, ensureStream } = await relayModules();
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

async function relayRun() {
  await ensureStream(reader, "E2E");
  const relayDb = knob("BENCH_SHARED_POOL", 0) ? database : await openPostgres({ url: fresh.url, max: 2 });
  const relay = new OutboxRelay({
    database: relayDb,
    nats: { url: nats.url },
    stream: "E2E",
    logger: quietLogger,
  });
  await relay.start();
  await until(() => relay.status().state === "idle", { what: "relay idle" });
  const startedAt = new Map();
  const { messages, readAt } = await follow("E2E");
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
  return latenciesOf(startedAt, readAt);
}

async function rawRun() {
  const jsm = await jetstreamManager(reader);
  await jsm.streams.delete("E2E");
  await ensureStream(reader, "RAW");
  const publisher = await connect({ servers: nats.url });
  const pjs = jetstream(publisher);
  const startedAt = new Map();
  const { messages, readAt } = await follow("RAW");
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
  return latenciesOf(startedAt, readAt);
}

try {
  console.log(
    `bench:e2e — ${RATE} writes/s for ${SECONDS} s (${TOTAL} events), Postgres + nats-server ${nats.url}`,
  );
  const relayResult = await relayRun();
  const relay = summarise(relayResult.latencies);
  const raw = summarise((await rawRun()).latencies);
  console.log(
    `(${relayResult.early} of ${TOTAL} events were in the stream before the writer's commit call returned: counted as 0 ms)`,
  );
  console.log(
    `raw publish → read back:      p50 ${fmt(raw.p50)} ms, p99 ${fmt(raw.p99)} ms, max ${fmt(raw.max)} ms`,
  );
  console.log(
    `commit → in stream (relay):   p50 ${fmt(relay.p50)} ms, p99 ${fmt(relay.p99)} ms, max ${fmt(relay.max)} ms`,
  );
  console.log(`ratio relay/raw: p50 ${fmt(relay.p50 / raw.p50)}, p99 ${fmt(relay.p99 / raw.p99)}`);
  console.log(
    `targets: p50 ≤ 5 ms ${relay.p50 <= 5 ? "MET" : "MISSED"}, p99 ≤ 25 ms ${relay.p99 <= 25 ? "MET" : "MISSED"}`,
  );
} finally {
  await reader.close();
  await services.close();
}
