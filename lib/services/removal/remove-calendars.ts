import { z } from "zod";
import { syncRuns } from "@/db/schema";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { DomainError } from "@/lib/errors";
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
 * request. The admin restarting it finishes it as theirs (Disconnected).
 */
async function restartRemoval(ctx: ServiceContext, instructorId: string, connectionId: string) {
  return inTransaction(ctx, async (tx) => {
    const [run] = await tx.db
      .insert(syncRuns)
      .values({ connectionId, kind: "removal", trigger: "manual", queuedAt: tx.now(), dueAt: tx.now() })
      .returning({ id: syncRuns.id });
    await logConnectionEvent(tx, instructorId, "removal_restarted", "An admin started the removal again");
    await tx.jobs.send({ name: "calendar/removal.requested", data: { connectionId, by: "admin", runId: run!.id } });
    return { runId: run!.id };
  });
}
