import { DateTime } from "luxon";
import type { SchedulerEvent } from "@/db/queries/scheduler";
import type { Day } from "@/components/availability/availability-view";

/** The scheduler's timeline, computed on the server in one zone: locations, each with instructor lanes × days. */
export type Chip = { href: string; text: string; title: string; conflicts: number; draft: boolean };
export type Lane = { key: string; name: string; cells: Chip[][] };
export type LocationBlock = { key: string; name: string; lanes: Lane[] };

const NOBODY = "Nobody booked";

export function schedulerTimeline(events: SchedulerEvent[], days: Day[], zone: string): LocationBlock[] {
  const blocks = new Map<string, LocationBlock>();
  const laneOf = (block: LocationBlock, key: string, name: string) => {
    let lane = block.lanes.find((l) => l.key === key);
    if (!lane) {
      lane = { key, name, cells: days.map(() => []) };
      block.lanes.push(lane);
    }
    return lane;
  };
  for (const event of events) {
    const key = event.location?.id ?? "none";
    let block = blocks.get(key);
    if (!block) {
      block = { key, name: event.location?.name ?? "No location", lanes: [] };
      blocks.set(key, block);
    }
    const people = event.instructors.length ? event.instructors : [{ id: "nobody", name: NOBODY, conflicts: [] }];
    for (const person of people) {
      const lane = laneOf(block, person.id, person.name);
      for (const session of event.sessions) {
        const day = days.findIndex((d) => session.startsAt < d.end && d.start < session.endsAt);
        if (day < 0) continue;
        const conflicts = person.conflicts.filter((c) => c.sessionId === session.id);
        const time = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat("HH:mm");
        lane.cells[day]!.push({
          href: `/events/${event.id}#instructors`,
          text: `${time(session.startsAt)}–${time(session.endsAt)} ${event.title}`,
          title: conflicts.length
            ? `${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}: ${conflicts
                .map((c) => `${c.title} (${c.label})`)
                .join("; ")}`
            : event.title,
          conflicts: conflicts.length,
          draft: event.lifecycle === "draft",
        });
      }
    }
  }
  for (const block of blocks.values())
    block.lanes.sort((a, b) => Number(a.name === NOBODY) - Number(b.name === NOBODY) || a.name.localeCompare(b.name));
  return [...blocks.values()].sort((a, b) => a.name.localeCompare(b.name));
}
