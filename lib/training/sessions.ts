import type { FieldErrors } from "@/lib/errors";
import { parseDateTimeInZone } from "@/lib/time/zoned";
import type { SessionInput } from "./schemas";

export type ResolvedSession = { name: string | null; startsAt: Date; endsAt: Date };

/**
 * Sessions start and end within these years and last at most this many days: outside them a time is a typo
 * or an attack (a session from year 1 to 9999 would make its instructor busy against every other event).
 * Stated in the OpenAPI document through the schema's description.
 */
export const sessionBounds = {
  earliest: new Date("1970-01-01T00:00:00Z"),
  latest: new Date("2100-01-01T00:00:00Z"),
  maxDays: 14,
} as const;

/**
 * Turns sessions as typed (wall-clock times in the event's zone, or instants) into instants,
 * sorted by start. Errors are keyed by field path so a form can show them beside the input.
 */
export function resolveSessions(
  sessions: readonly SessionInput[],
  zone: string,
): { ok: true; sessions: ResolvedSession[] } | { ok: false; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  const resolved: ResolvedSession[] = [];
  sessions.forEach((session, index) => {
    const start = parseDateTimeInZone(session.start, zone);
    const end = parseDateTimeInZone(session.end, zone);
    for (const [field, result] of [
      ["start", start],
      ["end", end],
    ] as const) {
      if (!result.ok) fieldErrors[`sessions.${index}.${field}`] = [explain(result.reason, zone)];
    }
    if (!start.ok || !end.ok) return;
    const outside = (d: Date) => d < sessionBounds.earliest || d >= sessionBounds.latest;
    if (outside(start.instant) || outside(end.instant)) {
      fieldErrors[`sessions.${index}.${outside(start.instant) ? "start" : "end"}`] = [
        "Sessions must fall between 1970 and 2099",
      ];
      return;
    }
    if (end.instant <= start.instant) {
      fieldErrors[`sessions.${index}.end`] = ["The session must end after it starts"];
      return;
    }
    if (end.instant.getTime() - start.instant.getTime() > sessionBounds.maxDays * 86_400_000) {
      fieldErrors[`sessions.${index}.end`] = [`A session lasts at most ${sessionBounds.maxDays} days`];
      return;
    }
    resolved.push({ name: session.name?.trim() || null, startsAt: start.instant, endsAt: end.instant });
  });
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  resolved.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return { ok: true, sessions: resolved };
}

function explain(reason: "invalid" | "nonexistent", zone: string): string {
  return reason === "nonexistent"
    ? `This time does not exist in ${zone}: the clocks go forward then`
    : "Must be a valid date and time";
}
