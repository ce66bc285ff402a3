CREATE TABLE "calendar_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"graph_subscription_id" text,
	"client_state_hash" text NOT NULL,
	"expires_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"last_notification_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_subscriptions_status_check" CHECK (status in ('active', 'renewing', 'removed', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "calendar_subscriptions" ADD CONSTRAINT "calendar_subscriptions_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_subscriptions_connection_idx" ON "calendar_subscriptions" USING btree ("connection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_subscriptions_graph_id_idx" ON "calendar_subscriptions" USING btree ("graph_subscription_id");--> statement-breakpoint
CREATE INDEX "calendar_subscriptions_expires_idx" ON "calendar_subscriptions" USING btree ("expires_at");