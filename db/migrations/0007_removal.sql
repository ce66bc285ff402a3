CREATE TABLE "removal_leftovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instructor_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"outlook_event_id" text NOT NULL,
	"title" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "removal_leftovers" ADD CONSTRAINT "removal_leftovers_instructor_id_instructors_id_fk" FOREIGN KEY ("instructor_id") REFERENCES "public"."instructors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_leftovers" ADD CONSTRAINT "removal_leftovers_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "removal_leftovers_connection_outlook_idx" ON "removal_leftovers" USING btree ("connection_id","outlook_event_id");--> statement-breakpoint
CREATE INDEX "removal_leftovers_instructor_idx" ON "removal_leftovers" USING btree ("instructor_id");