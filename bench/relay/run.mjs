// bench:relay — outbox → JetStream events/s, against raw nats.js JetStream publishing of the
// same envelopes to the same server with the same pipelining (batches of BATCH, acks awaited
// together). Target: relay ≥ 0.5 × raw.
import {
  fmt,
  fromServer,
  knob,
  quietLogger,
  relayModules,
  requireDatabaseUrl,
  startNatsAndPostgres,
  until,
} from "../lib/common.mjs";

const EVENTS = knob("BENCH_EVENTS", 10_000);
const ROUNDS = knob("BENCH_ROUNDS", 3);
const BATCH = 256;

requireDatabaseUrl();
const { eventOutbox } = await fromServer("@statehub/db");
const { createEnvelope, encodeEnvelope, natsMsgId } = await fromServer("@statehub/events");
const { connect, jetstream, jetstreamManager, OutboxRelay, ensureStream } = await relayModules();
const { sql } = await fromServer("drizzle-orm");

const services = await startNatsAndPostgres();
const { nats, database } = services;
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
  return EVENTS / seconds;
}

async function relayRound(round) {
  const envelopes = makeEnvelopes(`relay${round}`);
  await freshStream("BENCH");
  await database.db.delete(eventOutbox);
  const relay = new OutboxRelay({
    database,
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
  await until(() => relay.status().publishedTotal >= EVENTS, { everyMs: 1, what: "relay drained" });
  const finished = performance.now();
  await relay.stop();
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
  };
}

try {
  console.log(
    `bench:relay — ${EVENTS} events per round, ${ROUNDS} rounds, batches of ${BATCH}, Postgres + nats-server ${nats.url}`,
  );
  await rawRound(0); // warm-up
  const raw = [];
  const relay = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    raw.push(await rawRound(round));
    relay.push((await relayRound(round)).fromCommit);
    console.log(`  round ${round}: raw ${fmt(raw.at(-1), 0)} ev/s, relay ${fmt(relay.at(-1), 0)} ev/s`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = median(relay) / median(raw);
  console.log(`raw nats.js JetStream publish (median): ${fmt(median(raw), 0)} events/s`);
  console.log(`outbox relay, commit → all acked and marked (median): ${fmt(median(relay), 0)} events/s`);
  console.log(`ratio relay/raw: ${fmt(ratio)} (target ≥ 0.50) ${ratio >= 0.5 ? "MET" : "MISSED"}`);
} finally {
  await nc.close();
  await services.close();
}
