-- The event feed (events.list) reads in (txid, position) order, only below the oldest
-- transaction still in flight: see packages/api/src/outbox/feed-horizon.ts.
--
-- Existing rows get txid 0: they keep their old order (by position) ahead of every row written
-- from now on, and a cursor handed out before this migration ("after position N") resumes at
-- (0, N). The column's default only becomes the writer's transaction id afterwards; this
-- migration holds the table's exclusive lock throughout, so no row is written in between.
ALTER TABLE "event_outbox" ADD COLUMN "txid" "xid8" DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "event_outbox" ALTER COLUMN "txid" SET DEFAULT pg_current_xact_id();--> statement-breakpoint
-- The envelope's subject attribute (the entity id), for the feed's entity filter; computed for
-- existing rows by the ADD COLUMN itself.
ALTER TABLE "event_outbox" ADD COLUMN "entity" text GENERATED ALWAYS AS (envelope->>'subject') STORED;--> statement-breakpoint
DROP INDEX "event_outbox_subject_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "event_outbox_feed_idx" ON "event_outbox" USING btree ("txid","position");--> statement-breakpoint
CREATE INDEX "event_outbox_subject_feed_idx" ON "event_outbox" USING btree ("subject","txid","position");--> statement-breakpoint
CREATE INDEX "event_outbox_entity_feed_idx" ON "event_outbox" USING btree ("entity","txid","position");--> statement-breakpoint
-- The feed does not wait for transactions of the relay's connections (application_name
-- statehub-relay, RELAY_APPLICATION_NAME in packages/api/src/outbox/row.ts): sound only while
-- they never record an event, which this guard enforces.
CREATE OR REPLACE FUNCTION statehub_outbox_insert_guard() RETURNS trigger AS $$
BEGIN
  IF current_setting('application_name') = 'statehub-relay' THEN
    RAISE EXCEPTION 'a statehub-relay connection must not record events (the event feed does not wait for its transactions)';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER event_outbox_insert_guard BEFORE INSERT ON event_outbox FOR EACH STATEMENT EXECUTE FUNCTION statehub_outbox_insert_guard();
