-- All-day mirror rows are kept at the midnights of their instructor's home zone as it is now (the pull
-- writes them so, and a zone change moves them: db/queries/mirror.ts `placeAllDayEvents`), so the
-- conflict counts compare their stored range instead of converting dates per row in every query. Rows
-- written before (a round mapped before a zone change) are placed once here.
UPDATE "external_events" AS e
SET "starts_at" = e."all_day_start_date"::timestamp AT TIME ZONE i."time_zone",
    "ends_at" = e."all_day_end_date"::timestamp AT TIME ZONE i."time_zone"
FROM "calendar_connections" AS c
JOIN "instructors" AS i ON i."id" = c."instructor_id"
WHERE c."id" = e."connection_id"
  AND e."all_day_start_date" IS NOT NULL
  AND (e."starts_at", e."ends_at") IS DISTINCT FROM
      (e."all_day_start_date"::timestamp AT TIME ZONE i."time_zone", e."all_day_end_date"::timestamp AT TIME ZONE i."time_zone");
