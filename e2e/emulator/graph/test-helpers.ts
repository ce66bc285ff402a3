/** Shared fixtures for this folder's unit tests (not imported by production modules). */
import { GraphStore, type Mailbox } from "./mailbox";
import { createStoredEvent } from "./event-normalise";
import type { StoredEvent } from "./event-types";

export const NOW = Date.parse("2026-03-20T12:00:00Z");
export const owner = {
  id: "user-1",
  displayName: "Amelia Hart",
  email: "amelia.hart@northwind-training.example",
  timeZone: "Europe/London",
};

export function newMailbox(): { store: GraphStore; mb: Mailbox } {
  const store = new GraphStore();
  return { store, mb: store.addUser(owner) };
}

export function eventFrom(body: Record<string, unknown>, id = "EV1"): StoredEvent {
  return createStoredEvent(body, { id, calendarId: "CAL", owner, now: NOW });
}

export const utc = (ms: number) => new Date(ms).toISOString();
