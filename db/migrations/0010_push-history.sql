CREATE TABLE "push_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"instructor_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"run_id" uuid,
	"trigger" text,
	"action" text NOT NULL,
	"error" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_history_action_known" CHECK ("action" in ('created', 'updated', 'recovered', 'recreated', 'deleted', 'failed', 'removed_in_outlook', 'edited_in_outlook'))
);
--> statement-breakpoint
ALTER TABLE "push_history" ADD CONSTRAINT "push_history_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "push_history_event_idx" ON "push_history" USING btree ("event_id","at");