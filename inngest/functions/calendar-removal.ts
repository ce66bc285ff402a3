import { beginRemovalRun } from "@/lib/services/removal/begin-removal-run";
import { completeRemoval } from "@/lib/services/removal/complete-removal";
import { deleteCalendarSubscription } from "@/lib/services/removal/delete-calendar-subscription";
import { failRemovalRun } from "@/lib/services/removal/fail-removal-run";
import { findPushesInFlight } from "@/lib/services/removal/find-pushes-in-flight";
import { purgeConnectionData } from "@/lib/services/removal/purge-connection-data";
import { recordRemovalLeftovers } from "@/lib/services/removal/record-removal-leftovers";
import { sendFinishRemovalLink } from "@/lib/services/removal/send-finish-removal-link";
import { sendDisconnectedEmail } from "@/lib/services/removal/send-disconnected-email";
import { sweepOutlookEntries } from "@/lib/services/removal/sweep-outlook-entries";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { calendarRemovalRequested } from "../events";
import { retryAfterGraph } from "./graph-retry";

/**
 * After a disconnection (the connection is already `disconnecting`, so pushes and pulls stop): delete the
 * Graph subscription, wait for pushes that were already sending (their leases), delete every Outlook entry
 * we created, then purge the mirror, push records, delta state and, last, the token; mark the connection disconnected and record the run. Each step calls one
 * service and is safe to run again, so a retried or resumed run converges. When Microsoft refuses the
 * token, the local purge happens anyway, the entries left in Outlook are listed for the admin, and the
 * instructor is sent a finish-removal sign-in link; after an administrator's removal the instructor is emailed that
 * it happened. One run per connection at a time. A run that exhausts
 * its retries is marked failed with the reason (`onFailure`), rather than shown running for ever.
 */
export const createCalendarRemovalJob = (context: ContextSource) =>
  inngest.createFunction(
    {
      id: "calendar-removal",
      triggers: [calendarRemovalRequested],
      concurrency: { key: "event.data.connectionId", limit: 1 },
      retries: 5,
      onFailure: async ({ event, error, step }) => {
        const { connectionId, runId } = event.data.event.data;
        return step.run("mark-removal-failed", async () =>
          failRemovalRun({
            ctx: await context(),
            input: { connectionId, runId, errorClass: error.name, reason: error.message },
          }),
        );
      },
    },
    async ({ event, step }) => {
      // `event.data.by` is not read: the connection records who requested the disconnection (complete-removal).
      const { connectionId } = event.data;
      const begun = await step.run("begin-removal", async () =>
        beginRemovalRun({ ctx: await context(), input: { connectionId, runId: event.data.runId } }),
      );
      if (!begun.proceed) return { status: "skipped" as const };
      const subscription = await step.run("delete-subscription", async () =>
        retryAfterGraph(async () => deleteCalendarSubscription({ ctx: await context(), input: { connectionId } })),
      );
      // Pushes that claimed entries before the removal began may still be creating them: the sweep runs
      // after them, so it finds what they created (docs/decisions/0003-fencing.md). Claims are fenced, so
      // no lease appears meanwhile and the wait ends when the last one is given back or expires.
      for (let round = 0; round < MAX_PUSH_WAITS; round++) {
        const inFlight = await step.run(`find-pushes-in-flight-${round}`, async () =>
          findPushesInFlight({ ctx: await context(), input: { connectionId } }),
        );
        if (!inFlight.heldForMs) break;
        await step.sleep(`wait-for-pushes-${round}`, Math.min(inFlight.heldForMs, pushPollMs(round)));
      }
      const sweep = await step.run("sweep-outlook-entries", async () =>
        retryAfterGraph(async () =>
          sweepOutlookEntries({ ctx: await context(), input: { connectionId, runId: begun.runId } }),
        ),
      );
      if (sweep.outcome === "skipped") return { status: "skipped" as const };
      const left =
        sweep.outcome === "token_refused"
          ? await step.run("record-leftovers", async () =>
              recordRemovalLeftovers({ ctx: await context(), input: { connectionId } }),
            )
          : { leftovers: 0 };
      const purged = await step.run("purge-local-data", async () =>
        purgeConnectionData({
          ctx: await context(),
          input: { connectionId, swept: sweep.outcome === "swept", runId: begun.runId },
        }),
      );
      const swept = sweep.outcome === "swept" ? sweep : { found: 0, deleted: 0, alreadyGone: 0 };
      const counts = {
        subscriptionsDeleted: subscription.subscriptionsDeleted,
        found: swept.found,
        deleted: swept.deleted,
        alreadyGone: swept.alreadyGone,
        leftovers: left.leftovers,
        ...purged,
      };
      const completed = await step.run("complete-removal", async () =>
        completeRemoval({
          ctx: await context(),
          input: {
            connectionId,
            runId: begun.runId,
            counts,
            graphRequests: sweep.graphRequests,
            incomplete: sweep.outcome === "token_refused" ? sweep.reason : undefined,
          },
        }),
      );
      if (left.leftovers > 0)
        await step.run("send-finish-removal-link", async () =>
          sendFinishRemovalLink({ ctx: await context(), input: { connectionId } }),
        );
      else if (completed.status === "disconnected")
        // An administrator's removal: the instructor is told (issue 21); their own was told when they did it.
        await step.run("send-disconnected-email", async () =>
          sendDisconnectedEmail({ ctx: await context(), input: { connectionId, entriesDeleted: swept.deleted } }),
        );
      return { status: completed.status, counts };
    },
  );

/**
 * How often the removal looks again at the pushes it waits for: soon at first (a push's batch takes
 * seconds), then every 30 s. Enough rounds to outlast a lease (push-connection.ts `LEASE_MS`, 5 minutes)
 * whose holder died, within the steps Inngest allows a run.
 */
const pushPollMs = (round: number) => Math.min(250 * 2 ** round, 30_000);
const MAX_PUSH_WAITS = 24;
