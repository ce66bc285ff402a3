import type { Event } from "@microsoft/microsoft-graph-types";
import { mapGraphEvent, type MapOptions, UnmappableEventError } from "./map-graph-event";
import type { DeltaItem } from "./reconcile";

/** A calendarView/delta item as Graph sends it: an event, or `{ id, "@removed": { reason } }` (§3). */
export type RawDeltaItem = Event & { "@removed"?: { reason?: string } };

/** A delta page's items as reconcile reads them; series masters (never busy time themselves) dropped. */
export function toDeltaItems(raw: readonly RawDeltaItem[], options: MapOptions): DeltaItem[] {
  const items: DeltaItem[] = [];
  for (const item of raw) {
    if (item["@removed"]) {
      if (!item.id) throw new UnmappableEventError("Graph sent a removal without an id");
      // Only `changed` is restorable; anything else (`deleted`, unknown reasons) reads as deleted.
      items.push({
        kind: "removed",
        graphId: item.id,
        reason: item["@removed"].reason === "changed" ? "changed" : "deleted",
      });
      continue;
    }
    const event = mapGraphEvent(item, options);
    if (event) items.push({ kind: "event", event });
  }
  return items;
}
