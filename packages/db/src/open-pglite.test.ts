import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataDirLockedError, LOCK_FOLDER } from "./data-dir-lock.js";
import { openPglite } from "./open-pglite.js";
import { domains } from "./schema/index.js";

// PGlite on disk: the directory is locked while open, initialised once, and reopened as it was.
describe("openPglite on a data directory", { timeout: 300_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "statehub-pglite-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const rows = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

  it("initialises a fresh directory, refuses a second opener while open, and lets go on close", async () => {
    const first = await openPglite({ dataDir });
    try {
      await first.migrate();
      await first.db.insert(domains).values({ slug: "kept", name: "Kept" });
      const refused = await openPglite({ dataDir }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirLockedError);
      expect((refused as DataDirLockedError).holder?.pid).toBe(process.pid);
    } finally {
      await first.close();
    }
    expect(readdirSync(join(dataDir, LOCK_FOLDER)).filter((name) => name.endsWith(".json"))).toEqual([]);

    const second = await openPglite({ dataDir });
    try {
      const kept = await second.db.select().from(domains);
      expect(kept.map((domain) => domain.slug)).toEqual(["kept"]);
    } finally {
      await second.close();
    }
  });

  it("starts Postgres with the embedded settings", async () => {
    const database = await openPglite({ dataDir });
    try {
      const settings = rows(
        await database.db.execute(
          sql`select name, setting, unit from pg_settings where name in ('shared_buffers', 'max_connections') order by name`,
        ),
      );
      // 2048 pages of 8 kB = 16 MB.
      expect(settings).toEqual([
        { name: "max_connections", setting: "10", unit: null },
        { name: "shared_buffers", setting: "2048", unit: "8kB" },
      ]);
    } finally {
      await database.close();
    }
  });
});
