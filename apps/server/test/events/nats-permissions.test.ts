import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { openDefaultTestDatabase as openTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { SUBJECT_WILDCARD } from "@statehub/events";
import { natsServerAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxRelay } from "../../src/relay/relay.js";
import { recordRepoEvents } from "./support/events.js";
import { captureLogger } from "./support/logger.js";
import { testRelay, unpublishedCount } from "./support/relay.js";
import { ADMIN, PUBLISHER, startRestrictedNats } from "./support/restricted-nats.js";

const STREAM = "OPERATED";

describe.runIf(natsServerAvailable())(
  "a relay not permitted to manage the stream",
  { timeout: 60_000 },
  () => {
    let testDb: TestDatabase;
    let nats: Awaited<ReturnType<typeof startRestrictedNats>>;
    let relay: OutboxRelay | undefined;

    beforeAll(async () => {
      testDb = await openTestDatabase();
      nats = await startRestrictedNats();
      // The operator creates the stream; the hub's user may only publish.
      const admin = await connect({ servers: nats.url, user: ADMIN.user, pass: ADMIN.password });
      const jsm = await jetstreamManager(admin);
      await jsm.streams.add({ name: STREAM, subjects: [SUBJECT_WILDCARD] });
      await admin.close();
    }, 60_000);
    afterAll(async () => {
      await relay?.stop();
      await nats?.stop();
      await testDb?.cleanup();
    });

    it("says so once, publishes anyway, and never logs the password", async () => {
      const log = captureLogger();
      relay = testRelay(testDb.database, nats.url, STREAM, {
        nats: { url: nats.url, user: PUBLISHER.user, password: PUBLISHER.password, connectTimeoutMs: 1_000 },
        logger: log.logger,
        publishTimeoutMs: 2_000,
      });
      await relay.start();
      await recordRepoEvents(testDb.database, 5);
      relay.notify();
      await expect.poll(() => unpublishedCount(testDb.database), { timeout: 20_000 }).toBe(0);
      await recordRepoEvents(testDb.database, 5);
      relay.notify();
      await expect.poll(() => unpublishedCount(testDb.database), { timeout: 20_000 }).toBe(0);

      const admin = await connect({ servers: nats.url, user: ADMIN.user, pass: ADMIN.password });
      const info = await (await jetstreamManager(admin)).streams.info(STREAM);
      await admin.close();
      expect(info.state.messages).toBe(10);

      const lines = log.lines();
      const warnings = lines.filter((l) => String(l.msg).includes("cannot create or inspect the stream"));
      expect(warnings).toHaveLength(1);
      expect(JSON.stringify(lines)).not.toContain(PUBLISHER.password);
    });
  },
);
