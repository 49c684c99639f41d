// bench:outbox-mark — what the relay's claim + mark cost Postgres per event, on the outbox as
// migrated and on what-if variants of it built in the same scratch databases (issue 14: the
// relay's remaining gap to raw publishing is this Postgres CPU). No NATS: each batch is claimed
// with the relay's own withClaimedBatch and marked with markPublished, as if JetStream had
// acknowledged all of it. Variants and baseline alternate within each round.
//
// The variants are not schemas the hub could use as they stand (the event feed reads the
// dropped indexes); they measure what each part of the mark's work costs:
// - no-feed-indexes: the mark is an update of the whole row that cannot be HOT (published_at is
//   in two indexes' definitions), so every index gets a new entry per row; this drops the three
//   that only readers use (subject and entity feed, published_at for retention).
// - no-published-at-index: only the retention index.
// - json-envelope: the envelope as json (text kept as written) instead of jsonb, so the claim's
//   `envelope::text` is a copy, not a rendering.
import { fromServer, knob, requireDatabaseUrl } from "../lib/common.mjs";
import { loadLine, medianSpread, postgresCpuSeconds } from "../lib/rounds.mjs";

const EVENTS = knob("BENCH_EVENTS", 20_000);
const ROUNDS = knob("BENCH_ROUNDS", 3);
const BATCH = 256;

requireDatabaseUrl();
const { openPostgres } = await fromServer("@statehub/db");
const { createEnvelope } = await fromServer("@statehub/events");
const { sql } = await fromServer("drizzle-orm");
const { withClaimedBatch, markPublished } = await fromServer("@statehub/api/outbox");
const { migratedTemplate } = await fromServer("@statehub/api/testing");
const { createFreshDatabase } = await fromServer("@statehub/testing");

const VARIANTS = {
  "as migrated": [],
  "no-published-at-index": ["drop index event_outbox_published_at_idx"],
  "no-feed-indexes": [
    "drop index event_outbox_published_at_idx",
    "drop index event_outbox_subject_feed_idx",
    "drop index event_outbox_entity_feed_idx",
  ],
  "json-envelope": [
    "drop index event_outbox_entity_feed_idx",
    "alter table event_outbox drop column entity",
    "alter table event_outbox alter column envelope type json using envelope::json",
    "alter table event_outbox add column entity text generated always as (envelope->>'subject') stored",
    "create index event_outbox_entity_feed_idx on event_outbox (entity, txid, position)",
  ],
};

function envelopes(tag) {
  return Array.from({ length: EVENTS }, (_, i) =>
    createEnvelope(
      "org.statehub.repo.registered",
      {
        repoId: crypto.randomUUID(),
        name: `bench/${tag}-${i}`,
        domain: "platform",
        url: `https://git.example.com/bench/${tag}-${i}`,
        defaultBranch: "main",
      },
      { time: new Date(), source: "/statehub-bench", actor: "bench" },
    ),
  );
}

async function round(tag, ddl) {
  const fresh = await createFreshDatabase(undefined, { template: await migratedTemplate() });
  const database = await openPostgres({ url: fresh.url, max: 2 });
  try {
    for (const statement of ddl) await database.db.execute(sql.raw(statement));
    const all = envelopes(tag);
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < all.length; i += 1000) {
        const chunk = JSON.stringify(all.slice(i, i + 1000));
        await tx.execute(sql`
          insert into event_outbox (id, subject, envelope)
          select (e->>'id')::uuid, e->>'type', e from jsonb_array_elements(${chunk}::jsonb) as e`);
      }
    });
    // The relay drains a backlog nothing has analyzed yet, as in bench:relay.
    const cpuBefore = postgresCpuSeconds();
    const started = performance.now();
    let sequence = 0;
    let marked = 0;
    for (;;) {
      const claimed = await withClaimedBatch(
        database,
        { limit: BATCH, now: new Date() },
        async (batch, tx) => {
          const acked = batch.rows.map((row) => ({ id: row.id, streamSequence: ++sequence }));
          await markPublished(tx, acked, new Date());
          return acked.length;
        },
      );
      if (claimed === 0) break;
      marked += claimed;
    }
    if (marked !== EVENTS) throw new Error(`marked ${marked} of ${EVENTS}`);
    return {
      postgresUsPerEvent: ((postgresCpuSeconds() - cpuBefore) * 1e6) / EVENTS,
      msPerBatch: (performance.now() - started) / Math.ceil(EVENTS / BATCH),
    };
  } finally {
    await database.close();
    await fresh.drop();
  }
}

console.log(`bench:outbox-mark  ${EVENTS} events, batches of ${BATCH}, ${ROUNDS} rounds  (${loadLine()})`);
const results = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, ddl] of Object.entries(VARIANTS)) results[name].push(await round(`r${r}`, ddl));
}
console.log("variant                  Postgres CPU µs/event   ms per batch (claim + mark + commit)");
for (const [name, runs] of Object.entries(results)) {
  const cpu = medianSpread(
    runs.map((run) => run.postgresUsPerEvent),
    1,
  );
  const ms = medianSpread(
    runs.map((run) => run.msPerBatch),
    2,
  );
  console.log(`${name.padEnd(24)} ${cpu.padEnd(23)} ${ms}`);
}
console.log(`(load at end: ${loadLine()})`);
