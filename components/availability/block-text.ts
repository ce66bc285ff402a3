import type { Block } from "./availability-view";

const hhmm = (minutes: number) => {
  const m = minutes % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

/** "09:00–10:30", "22:00–00:00" (to midnight, as calendars write it) or "All day". */
export function blockText(block: Pick<Block, "from" | "to" | "allDay">): string {
  return block.allDay ? "All day" : `${hhmm(block.from)}–${hhmm(block.to)}`;
}
