ALTER TABLE "workstreams" ADD COLUMN "status_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Existing workstreams: the best known time of their last status change is their last update.
-- The touch trigger would stamp updated_at with now(); this backfill is not a change of theirs.
ALTER TABLE "workstreams" DISABLE TRIGGER "workstreams_touch_updated_at";--> statement-breakpoint
UPDATE "workstreams" SET "status_changed_at" = "updated_at";--> statement-breakpoint
ALTER TABLE "workstreams" ENABLE TRIGGER "workstreams_touch_updated_at";
