import { randomUUID } from "node:crypto";
import type { ServiceContext } from "@/lib/context/service-context";
import { createInstructor } from "@/lib/services/training/create-instructor";
import { createEvent } from "@/lib/services/training/create-event";
import { saveLocation } from "@/lib/services/training/save-location";
import type { EventInput } from "@/lib/training/schemas";
import type { MirrorEvent } from "@/lib/sync/mirror-event";

/** Unique per call, so tests can share a database and run in parallel. */
export const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export function makeInstructor(
  ctx: ServiceContext,
  overrides: Partial<{ name: string; email: string; timeZone: string; microsoftAccount: string | null }> = {},
) {
  const tag = unique("instructor");
  return createInstructor({
    ctx,
    input: { name: `Instructor ${tag}`, email: `${tag}@example.test`, timeZone: "Europe/London", ...overrides },
  });
}

export function makeLocation(ctx: ServiceContext, overrides: Partial<{ name: string; timeZone: string }> = {}) {
  return saveLocation({
    ctx,
    input: { name: unique("Location"), timeZone: "America/New_York", address: "1 Test St", ...overrides },
  });
}

export async function makeEvent(ctx: ServiceContext, overrides: Partial<EventInput> = {}) {
  const location = overrides.locationId ? null : await makeLocation(ctx);
  return createEvent({
    ctx,
    input: {
      title: unique("Course"),
      lifecycle: "active",
      locationId: location?.id,
      sessions: [{ start: "2026-12-01T09:00", end: "2026-12-01T17:00" }],
      ...overrides,
    },
  });
}

/** A mirrored Outlook event (a busy, single, non-private meeting the instructor organises), for seeding the mirror. */
export function makeMirrorEvent(
  graphId: string,
  startsAt: Date,
  endsAt: Date,
  extra: Partial<MirrorEvent> = {},
): MirrorEvent {
  return {
    graphId,
    seriesMasterId: null,
    type: "singleInstance",
    startsAt,
    endsAt,
    allDayStartDate: null,
    allDayEndDate: null,
    showAs: "busy",
    response: "organizer",
    isCancelled: false,
    isOrganizer: true,
    isPrivate: false,
    title: graphId,
    isOurs: false,
    changeKey: null,
    ...extra,
  };
}
