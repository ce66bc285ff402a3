import type { ContextSource } from "../context-source";
import { createCalendarRemovalJob } from "./calendar-removal";
import { createCalendarSubscriptionJob } from "./calendar-subscription";
import { createNotificationPullJob } from "./notification-pull";
import { createSendConnectionDigestsJob } from "./send-connection-digests";
import { createHourlyPullsJob } from "./hourly-pulls";
import { createPullCalendarJob } from "./pull-calendar";
import { createSendInvitationRemindersJob } from "./send-invitation-reminders";
import { createSyncPushCycleJob, createSyncPushJob } from "./sync-push";
import { createSyncSweepJob } from "./sync-sweep";

/**
 * Every job, its steps taking their ServiceContext from `context`: served at /api/inngest with
 * Inngest configured, run by inngest/runtime otherwise (both with the app's context).
 */
export function createFunctions(context: ContextSource) {
  return [
    createSendInvitationRemindersJob(context),
    createCalendarRemovalJob(context),
    createSyncPushJob(context),
    createSyncPushCycleJob(context),
    createSendConnectionDigestsJob(context),
    createPullCalendarJob(context),
    createHourlyPullsJob(context),
    createNotificationPullJob(),
    createCalendarSubscriptionJob(context),
    createSyncSweepJob(context),
  ];
}
