-- Push plans each booking once, in its job (docs/decisions/0006-push-push-planned-once.md): the reservations a
-- saving transaction made for its job go. One still held is given back (nothing was ever sent under it), so no
-- push waits out its lease; then the column is dropped.
UPDATE "push_entries" SET "lease_holder" = NULL, "lease_until" = NULL WHERE "prepared_operation" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "push_entries" DROP COLUMN "prepared_operation";
