import type { Sql } from "postgres";

type Callback = (sql: Sql) => unknown;

/**
 * drizzle sends every query that was not `.prepare()`d as an unnamed statement, so Postgres
 * parses and plans the same few statements again on every request. postgres.js can cache
 * named statements per connection (keyed by the query text, which drizzle keeps parameterised,
 * so the set stays small): this wrapper asks for that on every query, also inside
 * transactions and savepoints, which drizzle runs on the connection postgres.js hands it.
 */
export function withPreparedStatements(sql: Sql): Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const callback = args[last] as Callback;
          args[last] = (inner: Sql) => callback(withPreparedStatements(inner));
          const method = Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown;
          return method.apply(target, args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
