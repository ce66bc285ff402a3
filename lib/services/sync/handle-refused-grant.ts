import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError } from "@/lib/errors";
import { refusedGrantVerdictOf } from "@/lib/graph/errors";
import { refusedGrantAction, type RefusedGrantAction } from "@/lib/sync/refused-grant";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { logConnectionEvent } from "../internal/log-connection-event";
import { markReconnectNeeded } from "./internal/mark-reconnect-needed";

/** A status read and a move can cross a concurrent one (a pull starting, another job noticing the same refusal). */
const ATTEMPTS = 3;

/**
 * Microsoft refused (or failed) a token for the instructor's calendar: the one place that acts on it, whichever
 * job noticed (pull, push, subscription renewal, a lifecycle notification). The rule is lib/sync/refused-grant.ts,
 * applied to the verdict the error's class carries (lib/graph typed it):
 * - the instructor removed the app (consent revoked): their disconnection. The connection turns `disconnecting`
 *   with requester `instructor` and the removal job is requested in the same transaction; Removal ends it
 *   Disconnected by instructor (finish-removal link when Outlook can no longer be reached).
 * - Microsoft wants the user again (sessions revoked, MFA, expired refresh token): Reconnect needed and a
 *   reconnect email, once.
 * - transient (network, throttling, outage): nothing changes; the caller rethrows for its job to retry.
 * While the connection is being removed the token is simply dead: the removal job's own path handles it.
 */
export async function handleRefusedGrant({
  ctx,
  instructorId,
  error,
  trigger = "notification",
}: {
  ctx: ServiceContext;
  instructorId: string;
  error: unknown;
  /** What started the run that noticed it; the removal run a revocation starts carries it. */
  trigger?: SyncTrigger;
}): Promise<RefusedGrantAction> {
  const verdict = refusedGrantVerdictOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  for (let attempt = 1; ; attempt++) {
    const [connection] = await ctx.db
      .select({ status: calendarConnections.status })
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructorId));
    const action = refusedGrantAction(verdict, connection?.status ?? null);
    try {
      if (action === "start_removal") await startInstructorRemoval(ctx, instructorId, trigger, reason);
      else if (action === "mark_reconnect_needed") await markReconnectNeeded({ ctx, instructorId, reason });
      return action;
    } catch (moved) {
      // The status changed between the read and the move: decide again from the new one.
      if (!(moved instanceof ConflictError) || attempt >= ATTEMPTS) throw moved;
    }
  }
}

/** The instructor's disconnection, begun by Microsoft's answer: status, removal run and job in one transaction. */
async function startInstructorRemoval(ctx: ServiceContext, instructorId: string, trigger: SyncTrigger, reason: string) {
  await inTransaction(ctx, async (tx) => {
    await disconnectCalendar({
      ctx: tx,
      instructorId,
      by: "instructor",
      trigger,
      reason: "The instructor removed the app from their Microsoft account",
    });
    await logConnectionEvent(tx, instructorId, "revoked_by_instructor", `Microsoft refused the grant: ${reason}`);
  });
}
