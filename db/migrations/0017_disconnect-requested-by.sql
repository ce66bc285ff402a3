ALTER TABLE "calendar_connections" ADD COLUMN "disconnect_requested_by" text;--> statement-breakpoint
-- Backfill (written by hand): a disconnected connection's status already says who disconnected it; a connection
-- being disconnected takes it from the 'disconnected' line its disconnection logged in the same transaction
-- ("The instructor disconnected their calendar", "The instructor revoked the app's access…", else "An admin
-- removed the calendar"); a finish-removal sign-in logs none, so its newest such line is the original one.
-- None found: 'admin', which is how such a removal ended before this column existed. Statuses compared as
-- text: 'disconnecting' joined the enum in 0002, in the same transaction on a fresh database (55P04).
UPDATE "calendar_connections" AS c SET "disconnect_requested_by" = CASE
  WHEN c."status"::text = 'disconnected_by_instructor' THEN 'instructor'
  WHEN c."status"::text = 'disconnected' THEN 'admin'
  WHEN (
    SELECT e."message" FROM "connection_events" AS e
    WHERE e."instructor_id" = c."instructor_id" AND e."kind" = 'disconnected'
    ORDER BY e."at" DESC LIMIT 1
  ) LIKE 'The instructor%' THEN 'instructor'
  ELSE 'admin'
END
WHERE c."status"::text IN ('disconnecting', 'disconnected', 'disconnected_by_instructor');--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_disconnect_requested_by_check" CHECK ("calendar_connections"."disconnect_requested_by" in ('admin', 'instructor'));--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_disconnecting_has_requester" CHECK ("calendar_connections"."status"::text <> 'disconnecting' or "calendar_connections"."disconnect_requested_by" is not null);