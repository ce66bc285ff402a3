ALTER TABLE "sync_runs" ALTER COLUMN "trigger" SET DATA TYPE text;--> statement-breakpoint
-- Added to the generated SQL: the old values take their new names before the check holds (issue 11's vocabulary).
UPDATE "sync_runs" SET "trigger" = 'hourly' WHERE "trigger" = 'schedule';--> statement-breakpoint
UPDATE "sync_runs" SET "trigger" = 'manual' WHERE "trigger" = 'api';--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_trigger_known" CHECK ("trigger" in ('hourly', 'manual', 'notification', 'connect', 'baseline'));--> statement-breakpoint
DROP TYPE "public"."sync_trigger";
