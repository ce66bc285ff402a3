CREATE TABLE "conflict_settings" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conflict_settings_single_row" CHECK ("conflict_settings"."id")
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "conflict_override_count" integer;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "conflict_override_by" uuid;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "conflict_override_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conflict_settings" ADD CONSTRAINT "conflict_settings_updated_by_admin_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."admin_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_conflict_override_by_admin_users_id_fk" FOREIGN KEY ("conflict_override_by") REFERENCES "public"."admin_users"("id") ON DELETE set null ON UPDATE no action;