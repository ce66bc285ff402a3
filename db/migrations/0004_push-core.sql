CREATE TYPE "public"."push_entry_status" AS ENUM('pending', 'in_outlook', 'failed', 'deleting');--> statement-breakpoint
CREATE TABLE "push_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"instructor_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"outlook_event_id" text,
	"content_hash" text,
	"status" "push_entry_status" DEFAULT 'pending' NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"error" text,
	"lease_holder" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "push_entries" ADD CONSTRAINT "push_entries_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "push_entries_assignment_session_idx" ON "push_entries" USING btree ("assignment_id","session_id");--> statement-breakpoint
CREATE INDEX "push_entries_event_idx" ON "push_entries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "push_entries_instructor_idx" ON "push_entries" USING btree ("instructor_id");--> statement-breakpoint
CREATE INDEX "push_entries_connection_status_idx" ON "push_entries" USING btree ("connection_id","status");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_id_unique" UNIQUE("id");