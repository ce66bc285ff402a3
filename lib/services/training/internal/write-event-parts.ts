import { eq } from "drizzle-orm";
import { eventResources, eventSessions } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { ValidationError } from "@/lib/errors";
import type { SessionInput } from "@/lib/training/schemas";
import { resolveSessions } from "@/lib/training/sessions";

/** Replaces an event's sessions with `sessions`, read in `timeZone`. */
export async function replaceSessions(
  db: DbOrTx,
  eventId: string,
  sessions: readonly SessionInput[],
  timeZone: string,
) {
  const resolved = resolveSessions(sessions, timeZone);
  if (!resolved.ok) throw new ValidationError(resolved.fieldErrors);
  await db.delete(eventSessions).where(eq(eventSessions.eventId, eventId));
  await db.insert(eventSessions).values(resolved.sessions.map((s) => ({ ...s, eventId })));
}

export async function replaceResources(
  db: DbOrTx,
  eventId: string,
  resources: readonly { name: string; quantity: number }[],
) {
  await db.delete(eventResources).where(eq(eventResources.eventId, eventId));
  if (resources.length) await db.insert(eventResources).values(resources.map((r) => ({ ...r, eventId })));
}
