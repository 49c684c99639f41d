import postgres from "postgres";
import { databaseUrl, quoteIdentifier } from "./database-names.js";
import type { FreshDatabase } from "./postgres.js";

/**
 * Set to "1" (the mutation runs' vitest configs do) to make `createFreshDatabase(url, { template })`
 * hand out reused databases: see `claimReusedDatabase`.
 */
export const REUSE_DATABASES_ENV = "STATEHUB_TEST_DATABASE_REUSE";

/** More than any run has test files open at once (one per Stryker worker, a few per file). */
const MAX_SLOTS = 32;

type Sql = postgres.Sql;

/**
 * A copy of `template` that earlier test files used and released, emptied, or a new copy when
 * none is free. A mutation run runs a test file once per mutant it covers, and copying the 8 MB
 * template (~150–200 ms of Postgres work per file) was the larger part of a short file's run.
 *
 * Empty means as a new copy would be, for what a suite can observe: every table of the template's
 * schemas truncated, sequences restarted, the planner's statistics and the tables' activity
 * counters (last analyze, …) reset. A database whose catalog no longer matches the copy it started
 * as (a test changed its schema) is dropped and copied again.
 *
 * The slot is claimed by a session advisory lock on an admin connection held until `drop()`, which
 * only releases it; a test process that dies releases it with its connection. The slots stay on
 * the server, named `<template>_r<n>`, for the next run.
 */
export async function claimReusedDatabase(baseUrl: string, template: string): Promise<FreshDatabase> {
  const admin = postgres(baseUrl, { max: 1, max_lifetime: 0, onnotice: () => {} });
  try {
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      const name = `${template}_r${slot}`;
      const [claim] = await admin`select pg_try_advisory_lock(hashtext(${name})) as held`;
      if (!claim?.held) continue;
      if (!(await emptied(admin, baseUrl, name))) await copyAgain(admin, baseUrl, name, template);
      return { url: databaseUrl(baseUrl, name), drop: () => admin.end() };
    }
    throw new Error(`all ${MAX_SLOTS} reusable copies of ${template} are in use`);
  } catch (error) {
    await admin.end();
    throw error;
  }
}

/** Empties the slot in place; false when it does not exist or is not the copy it was. */
async function emptied(admin: Sql, baseUrl: string, name: string): Promise<boolean> {
  const [database] = await admin`
    select shobj_description(oid, 'pg_database') as fingerprint from pg_database where datname = ${name}`;
  if (!database) return false;
  // Connections a previous holder left open would hold locks the truncation waits for.
  await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
  const sql = postgres(databaseUrl(baseUrl, name), { max: 1, onnotice: () => {} });
  try {
    if ((await catalogFingerprint(sql)) !== database.fingerprint) return false;
    const [tables] = await sql`
      select string_agg(format('%I.%I', schemaname, tablename), ', ') as list
      from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`;
    if (tables?.list) await sql.unsafe(`TRUNCATE ${tables.list} RESTART IDENTITY CASCADE`);
    for (const { sequence } of await sql`
      select format('%I.%I', schemaname, sequencename) as sequence from pg_sequences
      where schemaname not in ('pg_catalog', 'information_schema')`) {
      await sql.unsafe(`ALTER SEQUENCE ${sequence} RESTART`);
    }
    await sql`delete from pg_statistic where starelid in (select oid from pg_class where relnamespace in (
      select oid from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')))`;
    await sql`select pg_stat_reset()`;
    return true;
  } catch {
    // Not emptied (e.g. statistics we may not delete): a new copy is always right.
    return false;
  } finally {
    await sql.end();
  }
}

async function copyAgain(admin: Sql, baseUrl: string, name: string, template: string): Promise<void> {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`);
  await admin.unsafe(`ALTER DATABASE ${quoteIdentifier(name)} SET synchronous_commit = off`);
  const sql = postgres(databaseUrl(baseUrl, name), { max: 1, onnotice: () => {} });
  try {
    const fingerprint = await catalogFingerprint(sql);
    await admin.unsafe(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS '${fingerprint}'`);
  } finally {
    await sql.end();
  }
}

/**
 * A digest of what the schemas hold (tables and their columns, indexes, constraints, triggers and
 * whether they fire, functions): what a test could change that emptying the tables would not undo.
 */
async function catalogFingerprint(sql: Sql): Promise<string> {
  const [row] = await sql`
    with user_namespaces as (
      select oid from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
        and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%'
    ), facts as (
      select format('rel %s %s', c.oid::regclass, c.relkind) as fact
        from pg_class c where c.relnamespace in (select oid from user_namespaces)
      union all
      select format('col %s %s %s %s %s', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
          a.attnotnull, pg_get_expr(d.adbin, d.adrelid))
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where c.relnamespace in (select oid from user_namespaces) and a.attnum > 0 and not a.attisdropped
      union all
      select format('idx %s', pg_get_indexdef(i.indexrelid))
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where c.relnamespace in (select oid from user_namespaces)
      union all
      select format('con %s %s', conname, pg_get_constraintdef(oid))
        from pg_constraint where connamespace in (select oid from user_namespaces)
      union all
      select format('trg %s %s', pg_get_triggerdef(oid), tgenabled)
        from pg_trigger where not tgisinternal
      union all
      select format('fn %s %s', oid::regprocedure, md5(prosrc))
        from pg_proc where pronamespace in (select oid from user_namespaces)
    )
    select md5(coalesce(string_agg(fact, E'\n' order by fact), '')) as digest from facts`;
  return String(row?.digest);
}
