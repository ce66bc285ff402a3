import type { EventLifecycle } from "./schemas";

/**
 * Drafts are planning; active events are booked in instructors' calendars; cancelled is final,
 * because a cancellation has already been sent to everyone's calendar. Re-drafting an active event
 * takes it back out of the calendars, which is how a coordinator un-publishes by mistake.
 */
const allowed: Record<EventLifecycle, readonly EventLifecycle[]> = {
  draft: ["active", "cancelled"],
  active: ["draft", "cancelled"],
  cancelled: [],
};

export function canTransition(from: EventLifecycle, to: EventLifecycle): boolean {
  return from === to || allowed[from].includes(to);
}
