-- btree_gist lets one GiST index hold external_events' connection id (equality) beside its time range (overlap).
-- drizzle-kit does not manage extensions, so this custom migration runs before the table migration.
CREATE EXTENSION IF NOT EXISTS btree_gist;
