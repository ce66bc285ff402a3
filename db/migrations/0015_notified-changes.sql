CREATE TABLE "notified_changes" (
	"connection_id" uuid NOT NULL,
	"graph_id" text NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"seq" bigserial NOT NULL,
	"noted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notified_changes_connection_id_graph_id_pk" PRIMARY KEY("connection_id","graph_id")
);
--> statement-breakpoint
ALTER TABLE "notified_changes" ADD CONSTRAINT "notified_changes_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notified_changes_connection_seq_idx" ON "notified_changes" USING btree ("connection_id","seq");