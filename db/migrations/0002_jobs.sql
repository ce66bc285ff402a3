CREATE TYPE "public"."sync_kind" AS ENUM('pull', 'push', 'removal');--> statement-breakpoint
CREATE TYPE "public"."sync_run_status" AS ENUM('queued', 'running', 'succeeded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."sync_trigger" AS ENUM('schedule', 'manual', 'notification', 'connect', 'api');--> statement-breakpoint
ALTER TYPE "public"."connection_status" ADD VALUE 'syncing' BEFORE 'reconnect_needed';--> statement-breakpoint
ALTER TYPE "public"."connection_status" ADD VALUE 'disconnecting' BEFORE 'disconnected';--> statement-breakpoint
ALTER TYPE "public"."connection_status" ADD VALUE 'disconnected_by_instructor';--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"trigger" "sync_trigger" NOT NULL,
	"kind" "sync_kind" NOT NULL,
	"status" "sync_run_status" DEFAULT 'queued' NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"graph_requests" integer DEFAULT 0 NOT NULL,
	"error_class" text,
	"error_message" text
);
--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_runs_connection_idx" ON "sync_runs" USING btree ("connection_id","queued_at");--> statement-breakpoint
CREATE INDEX "sync_runs_status_due_idx" ON "sync_runs" USING btree ("status","due_at");--> statement-breakpoint
ALTER TABLE "calendar_connections" DROP COLUMN "last_sync_at";--> statement-breakpoint
ALTER TABLE "calendar_connections" DROP COLUMN "next_sync_at";--> statement-breakpoint
ALTER TABLE "calendar_connections" DROP COLUMN "last_error";--> statement-breakpoint
ALTER TABLE "calendar_connections" DROP COLUMN "last_error_at";