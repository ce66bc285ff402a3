CREATE TABLE "job_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "job_requests_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"queue" text DEFAULT 'default' NOT NULL,
	"event_name" text NOT NULL,
	"event_data" jsonb NOT NULL,
	"function_id" text,
	"concurrency_key" text,
	"debounce_key" text,
	"idempotency_key" text,
	"priority" smallint DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"leased_by" text,
	"lease_until" timestamp with time zone,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_error" jsonb,
	"wait_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "job_requests_state_known" CHECK ("job_requests"."state" in ('queued', 'running', 'succeeded', 'failed', 'relayed'))
);
--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD COLUMN "generation" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "job_requests_due_idx" ON "job_requests" USING btree ("queue","priority","run_after","seq") WHERE "job_requests"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "job_requests_lease_idx" ON "job_requests" USING btree ("lease_until") WHERE "job_requests"."state" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "job_requests_one_running_per_key" ON "job_requests" USING btree ("concurrency_key") WHERE "job_requests"."state" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "job_requests_idempotency_idx" ON "job_requests" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "job_requests_debounce_idx" ON "job_requests" USING btree ("debounce_key") WHERE "job_requests"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "job_requests_finished_idx" ON "job_requests" USING btree ("finished_at");