import { asc, eq, inArray } from "drizzle-orm";
import { eventResources, eventSessions } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { ValidationError } from "@/lib/errors";
import type { SessionInput } from "@/lib/training/schemas";
import { resolveSessions, type ResolvedSession } from "@/lib/training/sessions";

/**
 * Replaces an event's sessions with `sessions`, read in `timeZone`, keeping the ids of sessions that
 * still exist: each session's id is its Outlook entry's key (lib/sync/extended-property.ts), so a
 * session moved must update that one entry, not delete and re-create every entry of the event.
 * Unchanged sessions keep their rows; the rest are paired in start order (a moved session keeps its
 * id), then extra old ones are deleted and extra new ones inserted.
 */
export async function replaceSessions(
  db: DbOrTx,
  eventId: string,
  sessions: readonly SessionInput[],
  timeZone: string,
) {
  const resolved = resolveSessions(sessions, timeZone);
  if (!resolved.ok) throw new ValidationError(resolved.fieldErrors);
  const existing = await db
    .select()
    .from(eventSessions)
    .where(eq(eventSessions.eventId, eventId))
    .orderBy(asc(eventSessions.startsAt), asc(eventSessions.id));
  const { updates, inserts, deletes } = matchSessions(existing, resolved.sessions);
  if (deletes.length) await db.delete(eventSessions).where(inArray(eventSessions.id, deletes));
  for (const { id, ...fields } of updates) await db.update(eventSessions).set(fields).where(eq(eventSessions.id, id));
  if (inserts.length) await db.insert(eventSessions).values(inserts.map((s) => ({ ...s, eventId })));
}

type StoredSession = ResolvedSession & { id: string };

/** Which stored sessions stay as they are, which change (keeping their id), which go, which are new. */
function matchSessions(existing: readonly StoredSession[], wanted: readonly ResolvedSession[]) {
  const same = (a: ResolvedSession, b: ResolvedSession) =>
    a.name === b.name && a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime();
  const unmatchedOld = [...existing];
  const unmatchedNew: ResolvedSession[] = [];
  for (const session of wanted) {
    const i = unmatchedOld.findIndex((old) => same(old, session));
    if (i >= 0) unmatchedOld.splice(i, 1);
    else unmatchedNew.push(session);
  }
  const paired = Math.min(unmatchedOld.length, unmatchedNew.length);
  return {
    updates: unmatchedNew.slice(0, paired).map((s, i) => ({ ...s, id: unmatchedOld[i]!.id })),
    inserts: unmatchedNew.slice(paired),
    deletes: unmatchedOld.slice(paired).map((s) => s.id),
  };
}

export async function replaceResources(
  db: DbOrTx,
  eventId: string,
  resources: readonly { name: string; quantity: number }[],
) {
  await db.delete(eventResources).where(eq(eventResources.eventId, eventId));
  if (resources.length) await db.insert(eventResources).values(resources.map((r) => ({ ...r, eventId })));
}
