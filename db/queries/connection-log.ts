import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { connectionEvents, sentEmails } from "../schema";

/** The admin's view of one instructor's connection history: events and emails, newest first. */
export async function connectionLog(db: DbOrTx, instructorId: string) {
  const [events, emails] = await Promise.all([
    db
      .select()
      .from(connectionEvents)
      .where(eq(connectionEvents.instructorId, instructorId))
      .orderBy(desc(connectionEvents.at))
      .limit(200),
    db
      .select({
        id: sentEmails.id,
        kind: sentEmails.kind,
        subject: sentEmails.subject,
        to: sentEmails.to,
        sentAt: sentEmails.sentAt,
      })
      .from(sentEmails)
      .where(eq(sentEmails.instructorId, instructorId))
      .orderBy(desc(sentEmails.sentAt))
      .limit(50),
  ]);
  return { events, emails };
}
