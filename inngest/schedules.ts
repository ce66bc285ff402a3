import type { ServiceContext } from "@/lib/services/context";
import { sendInvitationReminders } from "@/lib/services/send-invitation-reminders";

/**
 * Recurring jobs, defined once: Inngest runs them by cron in production, and the in-process runner
 * (inngest/in-process.ts) runs the same services on the same cadence for the embedded default.
 */
export type Schedule = { id: string; cron: string; everyMs: number; run: (ctx: ServiceContext) => Promise<unknown> };

export const schedules: Schedule[] = [
  { id: "send-invitation-reminders", cron: "TZ=UTC 15 * * * *", everyMs: 60 * 60_000, run: (ctx) => sendInvitationReminders({ ctx }) },
];
