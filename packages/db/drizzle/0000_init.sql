CREATE TYPE "public"."decision_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."goal_status" AS ENUM('proposed', 'active', 'achieved', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."progress_entity_type" AS ENUM('domain', 'domain_goal', 'repo', 'workstream', 'task', 'decision');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('todo', 'in_progress', 'blocked', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."workstream_status" AS ENUM('planned', 'active', 'blocked', 'completed', 'cancelled');--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"context" text,
	"domain_id" uuid,
	"status" "decision_status" DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" "goal_status" DEFAULT 'proposed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domains" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domains_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "event_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "event_outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subject" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"stream_sequence" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "progress_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_type" "progress_entity_type" NOT NULL,
	"entity_id" uuid NOT NULL,
	"message" text NOT NULL,
	"author" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"domain_id" uuid NOT NULL,
	"url" text,
	"default_branch" text DEFAULT 'main' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repos_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workstream_id" uuid NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"status" "task_status" DEFAULT 'todo' NOT NULL,
	"stale_flagged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_workstream_key_unique" UNIQUE("workstream_id","key")
);
--> statement-breakpoint
CREATE TABLE "workstreams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"domain_id" uuid NOT NULL,
	"repo_id" uuid,
	"status" "workstream_status" DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workstreams_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_goals" ADD CONSTRAINT "domain_goals_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repos" ADD CONSTRAINT "repos_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workstream_id_workstreams_id_fk" FOREIGN KEY ("workstream_id") REFERENCES "public"."workstreams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstreams" ADD CONSTRAINT "workstreams_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstreams" ADD CONSTRAINT "workstreams_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_status_idx" ON "decisions" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "decisions_domain_idx" ON "decisions" USING btree ("domain_id","id");--> statement-breakpoint
CREATE INDEX "domain_goals_domain_status_idx" ON "domain_goals" USING btree ("domain_id","status","id");--> statement-breakpoint
CREATE INDEX "domain_goals_status_idx" ON "domain_goals" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_outbox_position_idx" ON "event_outbox" USING btree ("position");--> statement-breakpoint
CREATE INDEX "event_outbox_subject_idx" ON "event_outbox" USING btree ("subject","position");--> statement-breakpoint
CREATE INDEX "event_outbox_unpublished_idx" ON "event_outbox" USING btree ("position") WHERE "event_outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "event_outbox_published_at_idx" ON "event_outbox" USING btree ("published_at") WHERE "event_outbox"."published_at" is not null;--> statement-breakpoint
CREATE INDEX "progress_notes_entity_idx" ON "progress_notes" USING btree ("entity_type","entity_id","id");--> statement-breakpoint
CREATE INDEX "repos_domain_idx" ON "repos" USING btree ("domain_id","id");--> statement-breakpoint
CREATE INDEX "tasks_workstream_idx" ON "tasks" USING btree ("workstream_id","id");--> statement-breakpoint
CREATE INDEX "tasks_status_idx" ON "tasks" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "tasks_open_updated_at_idx" ON "tasks" USING btree ("updated_at") WHERE "tasks"."status" not in ('done', 'cancelled');--> statement-breakpoint
CREATE INDEX "workstreams_domain_idx" ON "workstreams" USING btree ("domain_id","id");--> statement-breakpoint
CREATE INDEX "workstreams_repo_idx" ON "workstreams" USING btree ("repo_id","id");--> statement-breakpoint
CREATE INDEX "workstreams_status_idx" ON "workstreams" USING btree ("status","id");