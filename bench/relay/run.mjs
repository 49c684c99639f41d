// bench:relay — outbox → JetStream events/s, against raw nats.js JetStream publishing of the
// same envelopes to the same server with the same pipelining (batches of BATCH, acks awaited
// together). Target: relay ≥ 0.8 × raw (issue 14). Raw and relay alternate within each round; with
// BENCH_COMPARE_DIST=<other checkout>/apps/server/dist that build's relay runs in every round too.
// The relay gets a pool of its own, opened as the hub's relay worker opens it.
import {
  fmt,
  fromServer,
  knob,
  quietLogger,
  requireDatabaseUrl,
  serverDist,
  startNatsAndPostgres,
  until,
} from "../lib/common.mjs";
import { relayBuild } from "../lib/relay-build.mjs";
import {
  compareDist,
  loadLine,
  median,
  medianSpread,
  natsServerCpuSeconds,
  OWN_DIST,
  ownCpuSeconds,
  postgresCpuSeconds,
} from "../lib/rounds.mjs";

const EVENTS = knob("BENCH_EVENTS", 10_000);
const ROUNDS = knob("BENCH_ROUNDS", 3);
const BATCH = 256;

requireDatabaseUrl();
const { eventOutbox } = await fromServer("@statehub/db");
const { createEnvelope, encodeEnvelope, natsMsgId } = await fromServer("@statehub/events");
const { connect } = await fromServer("@nats-io/transport-node");
const { jetstream, jetstreamManager } = await fromServer("@nats-io/jetstream");
const { ensureStream } = await serverDist("relay/stream.js");
const COMPARE = compareDist();
const { sql } = await fromServer("drizzle-orm");

const services = await startNatsAndPostgres();
const { nats, fresh, database } = services;
const nc = await connect({ servers: nats.url });
const jsm = await jetstreamManager(nc);

function makeEnvelopes(round) {
  return Array.from({ length: EVENTS }, (_, i) =>
    createEnvelope(
      "org.statehub.repo.registered",
      {
        repoId: crypto.randomUUID(),
        name: `bench/r${round}-${i}`,
        domain: "platform",
        url: `https://git.example.com/bench/r${round}-${i}`,
        defaultBranch: "main",
      },
      { time: new Date(), source: "/statehub-bench", actor: "bench" },
    ),
  );
}

async function freshStream(name) {
  for (const s of await jsm.streams.names().next()) await jsm.streams.delete(s);
  const result = await ensureStream(nc, name);
  if (!result.ok) throw new Error(result.reason);
}

async function rawRound(round) {
  const envelopes = makeEnvelopes(`raw${round}`);
  await freshStream("BENCH");
  const js = jetstream(nc);
  const cpu = cpuMeter();
  const started = performance.now();
  for (let i = 0; i < envelopes.length; i += BATCH) {
    const batch = envelopes.slice(i, i + BATCH);
    await Promise.all(
      batch.map((e) =>
        js.publish(e.type, encodeEnvelope(e), { msgID: natsMsgId(e), expect: { streamName: "BENCH" } }),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return { eventsPerSecond: EVENTS / seconds, ...cpu.perEvent() };
}

/**
 * CPU µs per event from now on: this process's (the publisher's, raw or relay), the nats-server's
 * and Postgres's. On two cores a saturated pipeline's events/s follows their sum.
 */
function cpuMeter() {
  const before = { own: ownCpuSeconds(), nats: natsServerCpuSeconds(), postgres: postgresCpuSeconds() };
  return {
    perEvent: () => ({
      cpuUsPerEvent: ((ownCpuSeconds() - before.own) * 1e6) / EVENTS,
      natsUsPerEvent: ((natsServerCpuSeconds() - before.nats) * 1e6) / EVENTS,
      postgresUsPerEvent: ((postgresCpuSeconds() - before.postgres) * 1e6) / EVENTS,
    }),
  };
}

async function relayRound(round, build) {
  const envelopes = makeEnvelopes(`relay${round}`);
  await freshStream("BENCH");
  await database.db.delete(eventOutbox);
  const relayDatabase = await build.openDatabase(fresh.url);
  const relay = new build.OutboxRelay({
    database: relayDatabase,
    nats: { url: nats.url },
    stream: "BENCH",
    logger: quietLogger,
    batchSize: BATCH,
  });
  await relay.start();
  await until(() => relay.status().state === "idle", { what: "relay idle" });
  // The whole backlog commits at once (one NOTIFY): the clock measures draining it.
  const started = performance.now();
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < envelopes.length; i += 1000) {
      await tx
        .insert(eventOutbox)
        .values(
          envelopes
            .slice(i, i + 1000)
            .map((e) => ({ id: e.id, subject: e.type, envelope: e, createdAt: new Date(e.time) })),
        );
    }
  });
  const committed = performance.now();
  const cpu = cpuMeter();
  await until(() => relay.status().publishedTotal >= EVENTS, { everyMs: 1, what: "relay drained" });
  const finished = performance.now();
  const used = cpu.perEvent();
  await relay.stop();
  await relayDatabase.close();
  const [row] = await database.db.execute(
    sql`select count(*)::int as n from event_outbox where published_at is null`,
  );
  if (row.n !== 0) throw new Error(`${row.n} rows left unpublished`);
  const info = await jsm.streams.info("BENCH");
  if (info.state.messages !== EVENTS)
    throw new Error(`stream holds ${info.state.messages}, expected ${EVENTS}`);
  return {
    fromCommit: EVENTS / ((finished - committed) / 1000),
    withInsert: EVENTS / ((finished - started) / 1000),
    ...used,
  };
}

/** "µs/event: bench process 40.1 (…), nats-server 20.3 (…), Postgres 9.8 (…)" */
function cpuLine(rounds) {
  const part = (key) =>
    medianSpread(
      rounds.map((r) => r[key]),
      1,
    );
  return `µs/event: bench process ${part("cpuUsPerEvent")}, nats-server ${part("natsUsPerEvent")}, Postgres ${part("postgresUsPerEvent")}`;
}

try {
  console.log(`bench:relay — start: ${loadLine()}`);
  console.log(
    `${EVENTS} events per round, ${ROUNDS} rounds, batches of ${BATCH}, Postgres + nats-server ${nats.url}` +
      (COMPARE ? `\ncompare: ${COMPARE}` : ""),
  );
  const builds = [{ name: "relay", build: await relayBuild(OWN_DIST) }];
  if (COMPARE) builds.push({ name: "compare", build: await relayBuild(COMPARE) });
  await rawRound(0); // warm-up
  for (const { build } of builds) await relayRound(0, build);
  const raw = [];
  const rawCpu = [];
  /** name → [{ fromCommit, cpuUsPerEvent }] */
  const results = new Map(builds.map((b) => [b.name, []]));
  for (let round = 1; round <= ROUNDS; round += 1) {
    rawCpu.push(await rawRound(round));
    raw.push(rawCpu.at(-1).eventsPerSecond);
    const order = builds.map((_, i) => builds[(i + round) % builds.length]);
    for (const { name, build } of order) results.get(name).push(await relayRound(round, build));
    console.log(
      `  round ${round}: raw ${fmt(raw.at(-1), 0)} ev/s, ${builds
        .map((b) => `${b.name} ${fmt(results.get(b.name).at(-1).fromCommit, 0)} ev/s`)
        .join(", ")}`,
    );
  }
  console.log(
    `raw nats.js JetStream publish: ${medianSpread(raw, 0)} events/s (median, min–max); CPU ${cpuLine(rawCpu)}`,
  );
  for (const { name } of builds) {
    const own = results.get(name);
    const ratios = own.map((r, i) => r.fromCommit / raw[i]);
    console.log(
      `${name}, commit → all acked and marked: ${medianSpread(
        own.map((r) => r.fromCommit),
        0,
      )} events/s, ÷ raw ${medianSpread(ratios)} (target ≥ 0.80) ${median(ratios) >= 0.8 ? "MET" : "MISSED"}; CPU ${cpuLine(own)}`,
    );
  }
  if (COMPARE) {
    const ours = results.get("relay");
    const theirs = results.get("compare");
    console.log(
      `relay ÷ compare events/s: ${medianSpread(ours.map((r, i) => r.fromCommit / theirs[i].fromCommit))}`,
    );
  }
  console.log(`end: ${loadLine()}`);
} finally {
  await nc.close();
  await services.close();
}
