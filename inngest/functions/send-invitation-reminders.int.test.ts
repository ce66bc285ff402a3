import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { sentEmails } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import { sendInvitations } from "@/lib/services/connect/send-invitations";
import { testContext } from "@/lib/testing/test-context";
import { createSendInvitationRemindersJob } from "./send-invitation-reminders";

const opened = await createTestDb();
afterAll(() => opened.close());

it("the hourly reminder job reminds instructors invited over three days ago", async () => {
  const db = opened.db;
  const fourDaysAgo = new Date(Date.now() - 4 * 24 * 3600_000);
  const instructor = await makeInstructor(testContext({ db, now: () => fourDaysAgo }));
  await sendInvitations({
    ctx: testContext({ db, now: () => fourDaysAgo }),
    input: { instructorIds: [instructor.id] },
  });

  const job = createSendInvitationRemindersJob(async () => testContext({ db }));
  const { result } = await new InngestTestEngine({ function: job }).execute({
    events: [{ name: "inngest/scheduled.timer", data: {} }],
  });
  expect(result).toMatchObject({ reminded: 1 });
  const mails = await db.select().from(sentEmails).where(eq(sentEmails.instructorId, instructor.id));
  expect(mails.map((m) => m.kind).sort()).toEqual(["invitation", "invitation_reminder"]);
});
