import { sql } from "drizzle-orm";
import { customType, timestamp, uuid } from "drizzle-orm/pg-core";

// Ids are UUIDv7 minted by the hub (time-ordered, so they double as a stable list order);
// the database default only covers rows inserted by hand.
export const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** created_at/updated_at; updated_at is also maintained by a trigger on every UPDATE. */
export const timestamps = () => ({
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

/** A 64-bit transaction id (`xid8`, never wraps around); read as a decimal string. */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
});
