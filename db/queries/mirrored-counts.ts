import { and, eq, inArray, sql } from "drizzle-orm";
import { externalEvents } from "../schema";
import type { DbOrTx } from "../types";

/**
 * "Mirrored events", the one definition every page uses (the Calendar Integration table, the Remove
 * dialog, the held banner, the instructor page): the instructor's own Outlook events held in the mirror,
 * our pushed entries excluded (those are counted as "pushed" / "entries in Outlook"). One query, so no two
 * places can disagree about the same calendar at the same moment.
 */
export type MirroredCounts = { mirrored: number; mirroredPrivate: number };

export const noMirroredEvents: MirroredCounts = { mirrored: 0, mirroredPrivate: 0 };

export async function mirroredCountsByConnection(
  db: DbOrTx,
  connectionIds: readonly string[],
): Promise<Map<string, MirroredCounts>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await db
    .select({
      connectionId: externalEvents.connectionId,
      mirrored: sql<number>`count(*)`.mapWith(Number),
      mirroredPrivate: sql<number>`count(*) filter (where ${externalEvents.isPrivate})`.mapWith(Number),
    })
    .from(externalEvents)
    .where(and(inArray(externalEvents.connectionId, [...connectionIds]), eq(externalEvents.isOurs, false)))
    .groupBy(externalEvents.connectionId);
  return new Map(rows.map(({ connectionId, ...counts }) => [connectionId, counts]));
}
