import { z } from "zod";
import type { CandidateConflicts } from "@/db/queries/event-conflicts";
import type { Conflict } from "@/lib/sync/conflict-rules";

/** The Conflicts resources of /api/v1 (issue 13): what the assignment panel and the availability calendar show. */
const showAs = z.enum(["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"]);
const response = z.enum(["none", "organizer", "tentativelyAccepted", "accepted", "declined", "notResponded"]);

export const conflictResource = z.object({
  source: z.enum(["external", "internal"]),
  sessionId: z.uuid(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  allDay: z.boolean(),
  title: z.string().meta({ description: "The title, or “Busy” / “Private” where it is not shared" }),
  showAs: showAs.nullable(),
  response: response.nullable(),
  tentative: z.boolean(),
});

export const instructorConflictsResource = z.object({
  instructorId: z.uuid(),
  synced: z.boolean().meta({ description: "The instructor has a connected calendar" }),
  stale: z
    .boolean()
    .meta({ description: "Availability unknown: not connected, failing, or no successful pull for 3 hours" }),
  conflicts: z.array(conflictResource),
});

export const availabilityItemResource = z.object({
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  allDay: z.boolean(),
  source: z.enum(["external", "internal"]),
  title: z.string(),
  tentative: z.boolean(),
});

/** At most 92 days, so one call stays one bounded range query. */
export const availabilityQuery = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  })
  .refine((q) => new Date(q.to) > new Date(q.from), { path: ["to"], message: "Must be after from" })
  .refine((q) => new Date(q.to).getTime() - new Date(q.from).getTime() <= 92 * 86_400_000, {
    path: ["to"],
    message: "At most 92 days after from",
  });

export function toConflictResource(c: Conflict): z.infer<typeof conflictResource> {
  return {
    source: c.source,
    sessionId: c.sessionId,
    start: c.start.toISOString(),
    end: c.end.toISOString(),
    allDay: c.allDay,
    title: c.title,
    showAs: c.showAs,
    response: c.response,
    tentative: c.tentative,
  };
}

export function toInstructorConflictsResource(c: CandidateConflicts): z.infer<typeof instructorConflictsResource> {
  return {
    instructorId: c.instructor.id,
    synced: c.calendar.state !== "not_connected",
    stale: c.calendar.state !== "synced",
    conflicts: c.conflicts.map(toConflictResource),
  };
}

export function toAvailabilityItem(c: Conflict): z.infer<typeof availabilityItemResource> {
  return {
    start: c.start.toISOString(),
    end: c.end.toISOString(),
    allDay: c.allDay,
    source: c.source,
    title: c.title,
    tentative: c.tentative,
  };
}
