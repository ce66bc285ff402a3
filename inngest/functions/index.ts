import { calendarRemovalJob } from "./calendar-removal";
import { sendInvitationRemindersJob } from "./send-invitation-reminders";

/** Every job: served at /api/inngest with Inngest configured, run by inngest/runtime otherwise. */
export const functions = [sendInvitationRemindersJob, calendarRemovalJob];
