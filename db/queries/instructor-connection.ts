import { eq } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { calendarConnections, instructors } from "../schema";
import { noSyncYet, syncStatusByConnection } from "./sync-status";

/** An instructor with their calendar connection and its sync status, or null when they have never connected. */
export async function getInstructorConnection(db: DbOrTx, instructorId: string) {
  const [row] = await db
    .select({ instructor: instructors, connection: calendarConnections })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .where(eq(calendarConnections.instructorId, instructorId));
  if (!row) return null;
  const sync = (await syncStatusByConnection(db, [row.connection.id])).get(row.connection.id) ?? noSyncYet;
  return { ...row, sync };
}
