ALTER TABLE "instructors" ADD COLUMN "microsoft_account" text;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD COLUMN "microsoft_object_id" text;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD COLUMN "manage_link_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_requests" ADD COLUMN "signed_in_as" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "sent_to" text;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_connections_microsoft_account_idx" ON "calendar_connections" USING btree ("microsoft_tenant_id","microsoft_object_id") WHERE "calendar_connections"."status" not in ('disconnected', 'disconnected_by_instructor');