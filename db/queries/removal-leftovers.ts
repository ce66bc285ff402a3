import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { invitations, removalLeftovers } from "../schema";
import { isUuid } from "./ids";

export type FinishRemovalLinkState = {
  sentAt: Date;
  sentTo: string | null;
  expiresAt: Date;
  /** open: waiting for the instructor; used: they signed in (the sweep runs); expired; replaced by a newer link. */
  state: "open" | "used" | "expired" | "replaced";
  usedAt: Date | null;
};

/**
 * The admin's leftover list of one instructor: our Outlook entries a removal could not delete (titles and
 * times only, soonest first) and the newest finish-removal link sent for them, with what became of it.
 */
export async function removalLeftoverList(db: DbOrTx, instructorId: string, now: Date) {
  if (!isUuid(instructorId)) return { entries: [], link: null };
  const [entries, [invitation]] = await Promise.all([
    db
      .select({
        id: removalLeftovers.id,
        title: removalLeftovers.title,
        startsAt: removalLeftovers.startsAt,
        endsAt: removalLeftovers.endsAt,
      })
      .from(removalLeftovers)
      .where(eq(removalLeftovers.instructorId, instructorId))
      .orderBy(asc(removalLeftovers.startsAt), asc(removalLeftovers.id)),
    db
      .select()
      .from(invitations)
      .where(and(eq(invitations.instructorId, instructorId), eq(invitations.purpose, "finish_removal")))
      .orderBy(desc(invitations.createdAt))
      .limit(1),
  ]);
  const link: FinishRemovalLinkState | null = invitation
    ? {
        sentAt: invitation.createdAt,
        sentTo: invitation.sentTo,
        expiresAt: invitation.expiresAt,
        usedAt: invitation.usedAt,
        state: invitation.usedAt
          ? "used"
          : invitation.revokedAt
            ? "replaced"
            : invitation.expiresAt <= now
              ? "expired"
              : "open",
      }
    : null;
  return { entries, link };
}

/** How many of our entries are listed as left in the instructor's Outlook (the finish-removal page says it). */
export async function countRemovalLeftovers(db: DbOrTx, instructorId: string): Promise<number> {
  const rows = await db
    .select({ id: removalLeftovers.id })
    .from(removalLeftovers)
    .where(eq(removalLeftovers.instructorId, instructorId));
  return rows.length;
}
