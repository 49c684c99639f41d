CREATE TABLE "workstream_sources" (
	"workstream_id" uuid PRIMARY KEY NOT NULL,
	"repo_id" uuid NOT NULL,
	"path" text NOT NULL,
	"commit" text,
	"content_hash" text NOT NULL,
	"task_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"synced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workstream_sources" ADD CONSTRAINT "workstream_sources_workstream_id_workstreams_id_fk" FOREIGN KEY ("workstream_id") REFERENCES "public"."workstreams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstream_sources" ADD CONSTRAINT "workstream_sources_repo_id_repos_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repos"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workstream_sources_repo_idx" ON "workstream_sources" USING btree ("repo_id","path");--> statement-breakpoint
CREATE INDEX "workstream_sources_path_idx" ON "workstream_sources" USING btree ("path");