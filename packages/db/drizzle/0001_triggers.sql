-- updated_at is maintained by the database on every UPDATE that changes the row, unless the
-- statement sets it itself (the hub passes its injected clock's time; tests backdate rows).
-- stale_flagged_at is bookkeeping of the stale-task check: setting it is not a touch, or
-- flagging a task would make it fresh again.
CREATE OR REPLACE FUNCTION statehub_touch_updated_at() RETURNS trigger AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
     AND (to_jsonb(NEW) - 'stale_flagged_at') IS DISTINCT FROM (to_jsonb(OLD) - 'stale_flagged_at') THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER domains_touch_updated_at BEFORE UPDATE ON domains FOR EACH ROW EXECUTE FUNCTION statehub_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER domain_goals_touch_updated_at BEFORE UPDATE ON domain_goals FOR EACH ROW EXECUTE FUNCTION statehub_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER repos_touch_updated_at BEFORE UPDATE ON repos FOR EACH ROW EXECUTE FUNCTION statehub_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER workstreams_touch_updated_at BEFORE UPDATE ON workstreams FOR EACH ROW EXECUTE FUNCTION statehub_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER tasks_touch_updated_at BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION statehub_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER decisions_touch_updated_at BEFORE UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION statehub_touch_updated_at();
--> statement-breakpoint
-- Wake the relay when events commit: one notification per inserting statement, delivered
-- by Postgres only when the transaction commits (never for a rolled-back write).
CREATE OR REPLACE FUNCTION statehub_notify_outbox() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('statehub_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER event_outbox_notify AFTER INSERT ON event_outbox FOR EACH STATEMENT EXECUTE FUNCTION statehub_notify_outbox();
