import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";

/** A place where training happens; its IANA time zone is the default for its events. */
export const locations = pgTable("locations", {
  id: id(),
  name: text("name").notNull().unique(),
  timeZone: text("time_zone").notNull(),
  address: text("address").notNull().default(""),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A room or building within a location. */
export const venues = pgTable(
  "venues",
  {
    id: id(),
    locationId: uuid("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("venues_location_idx").on(t.locationId)],
);
