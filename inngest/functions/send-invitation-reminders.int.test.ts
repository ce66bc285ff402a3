import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";

// The function builds its own context from configuration, as it does in production.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-jobs-"));
const { getDb } = await import("@/db/client");
const { sentEmails } = await import("@/db/schema");
const { makeInstructor } = await import("@/db/testing/factories");
const { offlineContext } = await import("@/lib/services/context");
const { sendInvitations } = await import("@/lib/services/send-invitations");
const { sendInvitationRemindersJob } = await import("./send-invitation-reminders");

it("the hourly reminder job reminds instructors invited over three days ago", async () => {
  const db = await getDb();
  const fourDaysAgo = new Date(Date.now() - 4 * 24 * 3600_000);
  const instructor = await makeInstructor(offlineContext(db, () => fourDaysAgo));
  await sendInvitations({ ctx: offlineContext(db, () => fourDaysAgo), input: { instructorIds: [instructor.id] } });

  const { result } = await new InngestTestEngine({ function: sendInvitationRemindersJob }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
  expect(result).toMatchObject({ reminded: 1 });
  const mails = await db.select().from(sentEmails).where(eq(sentEmails.instructorId, instructor.id));
  expect(mails.map((m) => m.kind).sort()).toEqual(["invitation", "invitation_reminder"]);
});
