import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createFreshDatabase, realPostgresAvailable } from "./postgres.js";

describe.runIf(realPostgresAvailable())("createFreshDatabase", () => {
  it("creates an empty database and drops it", async () => {
    const db = await createFreshDatabase();
    const sql = postgres(db.url, { max: 1 });
    const [row] =
      await sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
    expect(row?.n).toBe(0);
    await sql.end();
    await db.drop();
    const again = postgres(db.url, { max: 1 });
    await expect(again`select 1`).rejects.toThrow(/does not exist/);
    await again.end();
  });
});
