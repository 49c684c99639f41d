ALTER TABLE "event_outbox" ADD COLUMN "refusals" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "event_outbox" ADD COLUMN "parked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "event_outbox" ADD COLUMN "parked_reason" text;--> statement-breakpoint
CREATE INDEX "event_outbox_parked_idx" ON "event_outbox" USING btree ("position") WHERE "event_outbox"."parked_at" is not null;--> statement-breakpoint
-- An operator's retry moves a parked row back into the queue (parked_at set → null): wake the
-- relays as a commit of new events does, in whichever process they run (the CLI's retry is not
-- the server's). Postgres folds identical notifications of one transaction into one.
CREATE OR REPLACE FUNCTION statehub_notify_outbox_retry() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('statehub_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER event_outbox_notify_retry AFTER UPDATE OF parked_at ON event_outbox FOR EACH ROW
  WHEN (OLD.parked_at IS NOT NULL AND NEW.parked_at IS NULL) EXECUTE FUNCTION statehub_notify_outbox_retry();
