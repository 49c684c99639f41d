import type { Database } from "@statehub/db";

/**
 * The same database, counting the transactions opened through it: each claim of the relay is
 * one (on PGlite too), so a relay that claims while it should be waiting shows in the count.
 */
export function countingClaims(database: Database): { database: Database; claims: () => number } {
  let claims = 0;
  const db = new Proxy(database.db, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== "transaction" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        claims += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { database: { ...database, db }, claims: () => claims };
}
