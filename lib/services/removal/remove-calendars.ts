import { z } from "zod";
import type { ServiceContext } from "@/lib/context/service-context";
import { asServiceUnavailable, DomainError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { removalCandidates } from "./internal/removal-candidates";
import { restartRemoval } from "./restart-removal";

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
          : await restartRemoval({
              ctx,
              input: { instructorId, connectionId: candidate.connectionId!, restartedBy: "admin" },
            });
      result.started.push({ instructorId, runId });
    } catch (error) {
      // Another request changed the connection meanwhile, or the database was busy (the removals already
      // started stay started): report it, carry on with the others.
      const busy = asServiceUnavailable(error);
      if (busy) result.skipped.push({ instructorId, reason: `busy, try again in ${busy.retryAfterSeconds} s` });
      else if (error instanceof DomainError) result.skipped.push({ instructorId, reason: error.message });
      else throw error;
    }
  }
  return result;
}
