CREATE TYPE "public"."event_response" AS ENUM('none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded');--> statement-breakpoint
CREATE TYPE "public"."external_event_type" AS ENUM('singleInstance', 'occurrence', 'exception');--> statement-breakpoint
CREATE TYPE "public"."free_busy_status" AS ENUM('unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere');--> statement-breakpoint
CREATE TABLE "external_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"graph_id" text NOT NULL,
	"series_master_id" text,
	"type" "external_event_type" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"all_day_start_date" date,
	"all_day_end_date" date,
	"during" "tstzrange" GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED NOT NULL,
	"show_as" "free_busy_status" NOT NULL,
	"response" "event_response",
	"is_cancelled" boolean DEFAULT false NOT NULL,
	"is_organizer" boolean DEFAULT false NOT NULL,
	"is_private" boolean DEFAULT false NOT NULL,
	"title" text,
	"is_ours" boolean DEFAULT false NOT NULL,
	"change_key" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "external_events_ends_after_start" CHECK ("external_events"."ends_at" >= "external_events"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "pull_states" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"delta_link" text,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"baseline_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "external_events" ADD CONSTRAINT "external_events_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_states" ADD CONSTRAINT "pull_states_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "external_events_connection_graph_id_idx" ON "external_events" USING btree ("connection_id","graph_id");--> statement-breakpoint
CREATE INDEX "external_events_connection_during_idx" ON "external_events" USING gist ("connection_id","during");