ALTER TABLE "push_entries" ADD COLUMN "outlook_change_key" text;--> statement-breakpoint
ALTER TABLE "push_entries" ADD COLUMN "outlook_modified_at" timestamp with time zone;--> statement-breakpoint
-- Entries confirmed before Outlook's version was recorded have none to compare a pull with: their
-- next push rewrites them once (same content) and records it, so an edit of any field is seen from then on.
UPDATE "push_entries" SET "content_hash" = NULL WHERE "status" = 'in_outlook' AND "outlook_change_key" IS NULL;
