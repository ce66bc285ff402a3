CREATE TYPE "public"."api_key_scope" AS ENUM('read', 'read-write');--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "instructors" ADD COLUMN "microsoft_account" text;--> statement-breakpoint
ALTER TABLE "admin_users" ADD COLUMN "microsoft_tenant_id" text;--> statement-breakpoint
ALTER TABLE "admin_users" ADD COLUMN "microsoft_object_id" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scope" "api_key_scope" DEFAULT 'read-write' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD COLUMN "microsoft_object_id" text;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD COLUMN "manage_link_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_requests" ADD COLUMN "signed_in_as" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "sent_to" text;--> statement-breakpoint
CREATE INDEX "sign_in_attempts_key_time_idx" ON "sign_in_attempts" USING btree ("key","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_users_microsoft_account_idx" ON "admin_users" USING btree ("microsoft_tenant_id","microsoft_object_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_connections_microsoft_account_idx" ON "calendar_connections" USING btree ("microsoft_tenant_id","microsoft_object_id") WHERE "calendar_connections"."disconnected_at" is null;