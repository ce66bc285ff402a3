import { eq } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { calendarConnections, instructors } from "../schema";

/** An instructor with their calendar connection, or null when they have never connected. */
export async function getInstructorConnection(db: DbOrTx, instructorId: string) {
  const [row] = await db
    .select({ instructor: instructors, connection: calendarConnections })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .where(eq(calendarConnections.instructorId, instructorId));
  return row ?? null;
}
