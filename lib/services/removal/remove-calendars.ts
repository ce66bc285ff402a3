import { z } from "zod";
import { eq } from "drizzle-orm";
import { calendarConnections, syncRuns } from "@/db/schema";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError, DomainError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { logConnectionEvent } from "../internal/log-connection-event";
import { removalCandidates } from "./internal/removal-candidates";

const input = z.object({ instructorIds: z.array(z.uuid()).min(1).max(500) });

export type RemoveCalendarsResult = {
  started: { instructorId: string; runId: string }[];
  skipped: { instructorId: string; reason: string }[];
};

/**
 * Remove Calendar for the instructors an admin selected: each connected calendar is disconnected (the
 * removal job then deletes our Outlook entries, the mirror and the sign-in; the table follows its run);
 * a removal that gave up is started again; the others are listed with why they were skipped.
 */
export async function removeCalendars({
  ctx,
  input: raw,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<RemoveCalendarsResult> {
  const { instructorIds } = parseInput(input, raw);
  const result: RemoveCalendarsResult = { started: [], skipped: [] };
  const requested = [...new Set(instructorIds)];
  const candidates = await removalCandidates(ctx, requested);
  for (const id of requested.filter((id) => !candidates.some((c) => c.instructorId === id)))
    result.skipped.push({ instructorId: id, reason: "not found" });
  for (const candidate of candidates) {
    const { instructorId, action } = candidate;
    if (action.kind === "skip") {
      result.skipped.push({ instructorId, reason: action.reason });
      continue;
    }
    try {
      const { runId } =
        action.kind === "remove"
          ? await disconnectCalendar({ ctx, instructorId, by: "admin" })
          : await restartRemoval(ctx, instructorId, candidate.connectionId!);
      result.started.push({ instructorId, runId });
    } catch (error) {
      // Another request changed the connection meanwhile: report it, carry on with the others.
      if (!(error instanceof DomainError)) throw error;
      result.skipped.push({ instructorId, reason: error.message });
    }
  }
  return result;
}

/**
 * A removal that gave up (its run failed; the connection is still `disconnecting`): a new run and a new
 * request. It still ends as the disconnection's requester recorded on the connection (an instructor's
 * Disconnect or revoked app: Disconnected by instructor), not as the admin's who restarted it; the connection
 * log says the admin restarted it. A connection no longer `disconnecting` (finished or reconnected meanwhile)
 * is refused, and reported as skipped.
 */
async function restartRemoval(ctx: ServiceContext, instructorId: string, connectionId: string) {
  return inTransaction(ctx, async (tx) => {
    // Locked: a removal finishing meanwhile waits; the request queued here then finds it done and cancels its run.
    const [connection] = await tx.db
      .select({ status: calendarConnections.status, by: calendarConnections.disconnectRequestedBy })
      .from(calendarConnections)
      .where(eq(calendarConnections.id, connectionId))
      .for("update");
    if (connection?.status !== "disconnecting")
      throw new ConflictError("The connection changed meanwhile; please try again");
    // Never null while disconnecting (check calendar_connections_disconnecting_has_requester).
    const by = connection.by ?? "admin";
    const [run] = await tx.db
      .insert(syncRuns)
      .values({ connectionId, kind: "removal", trigger: "manual", queuedAt: tx.now(), dueAt: tx.now() })
      .returning({ id: syncRuns.id });
    await logConnectionEvent(
      tx,
      instructorId,
      "removal_restarted",
      by === "instructor"
        ? "An admin started the removal again; the instructor disconnected, so it ends Disconnected by instructor"
        : "An admin started the removal again",
    );
    await tx.jobs.send({ name: "calendar/removal.requested", data: { connectionId, by, runId: run!.id } });
    return { runId: run!.id };
  });
}
