import { z } from "zod";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";
import { removalCandidates, type RemovalCandidate } from "./internal/removal-candidates";

const input = z.object({ instructorIds: z.array(z.uuid()).min(1).max(500) });

export type CalendarRemovalPreview = {
  /** Every selected instructor, in the order given: what Remove Calendar would do and delete. */
  instructors: Pick<RemovalCandidate, "instructorId" | "name" | "action" | "entriesInOutlook" | "mirroredEvents">[];
  /** Over the instructors whose calendar would be removed (or whose failed removal would restart). */
  totals: { calendars: number; entriesInOutlook: number; mirroredEvents: number };
};

/**
 * What Remove Calendar is about to do, for the confirmation dialog: per selected instructor, whether their
 * calendar is removed (or a removal that gave up restarts) or skipped and why, how many of our entries are
 * in their Outlook and how many events of theirs are mirrored here. Reads only.
 */
export async function previewCalendarRemovals({
  ctx,
  input: raw,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<CalendarRemovalPreview> {
  const { instructorIds } = parseInput(input, raw);
  const candidates = await removalCandidates(ctx, [...new Set(instructorIds)]);
  const going = candidates.filter((c) => c.action.kind !== "skip");
  return {
    instructors: candidates.map(({ instructorId, name, action, entriesInOutlook, mirroredEvents }) => ({
      instructorId,
      name,
      action,
      entriesInOutlook,
      mirroredEvents,
    })),
    totals: {
      calendars: going.length,
      entriesInOutlook: going.reduce((sum, c) => sum + c.entriesInOutlook, 0),
      mirroredEvents: going.reduce((sum, c) => sum + c.mirroredEvents, 0),
    },
  };
}
