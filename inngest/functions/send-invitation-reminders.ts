import { sendInvitationReminders } from "@/lib/services/connect/send-invitation-reminders";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";

/** Hourly, at a quarter past: one reminder per invitation left unanswered (the service is idempotent). */
export const createSendInvitationRemindersJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "send-invitation-reminders", triggers: [{ cron: "TZ=UTC 15 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) =>
      step.run("send-invitation-reminders", async () => sendInvitationReminders({ ctx: await context() })),
  );
