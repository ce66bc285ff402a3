import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { createElement } from "react";
import { adminUsers, connectionEvents, instructors, sentEmails } from "@/db/schema";
import { ConnectionDigestEmail } from "@/emails/connection-digest-email";
import type { ServiceContext } from "@/lib/context/service-context";
import { deliverEmail } from "../internal/deliver-email";

/** Connection-log kinds an admin must hear about, and how the digest words them. */
const problems: Record<string, string> = {
  revoked_by_instructor: "revoked the app in their Microsoft account (Disconnected by instructor)",
  removal_incomplete: "removal could not delete our entries in Outlook (see the leftover list)",
  reconnect_needed: "Reconnect needed: Microsoft refused the stored sign-in",
  removal_failed: "removal gave up after its retries (Remove Calendar starts it again)",
};

/**
 * The daily digest of connection problems: each admin gets at most one email per (UTC) day, and only when
 * a problem was logged since their previous digest (or in the last day, for their first). Safe to run
 * again: a second run the same day sends nothing.
 */
export async function sendConnectionDigests({ ctx }: { ctx: ServiceContext }): Promise<{ sent: number }> {
  const now = ctx.now();
  const startOfDay = DateTime.fromJSDate(now, { zone: "utc" }).startOf("day").toJSDate();
  let sent = 0;
  for (const admin of await ctx.db.select().from(adminUsers)) {
    const [last] = await ctx.db
      .select({ sentAt: sentEmails.sentAt })
      .from(sentEmails)
      .where(and(eq(sentEmails.kind, "connection_digest"), eq(sentEmails.to, admin.email)))
      .orderBy(desc(sentEmails.sentAt))
      .limit(1);
    if (last && last.sentAt >= startOfDay) continue;
    const since = last?.sentAt ?? DateTime.fromJSDate(now).minus({ days: 1 }).toJSDate();
    const changed = await ctx.db
      .select({ kind: connectionEvents.kind, at: connectionEvents.at, instructorName: instructors.name })
      .from(connectionEvents)
      .innerJoin(instructors, eq(instructors.id, connectionEvents.instructorId))
      .where(and(inArray(connectionEvents.kind, Object.keys(problems)), gt(connectionEvents.at, since)))
      .orderBy(desc(connectionEvents.at));
    if (!changed.length) continue;
    await deliverEmail(ctx, {
      kind: "connection_digest",
      instructorId: null,
      to: admin.email,
      subject: `Calendar Sync: ${changed.length} connection problem${changed.length === 1 ? "" : "s"}`,
      body: createElement(ConnectionDigestEmail, {
        adminName: admin.name,
        items: changed.map((c) => ({
          instructorName: c.instructorName,
          what: problems[c.kind]!,
          at: DateTime.fromJSDate(c.at, { zone: "utc" }).toFormat("ccc d LLL, HH:mm 'UTC'"),
        })),
        calendarIntegrationUrl: `${ctx.config.appUrl}/control-panel/calendar-integration`,
      }),
    });
    sent++;
  }
  return { sent };
}
