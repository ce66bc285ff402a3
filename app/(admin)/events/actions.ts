"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/guards";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { createEvent } from "@/lib/services/training/create-event";
import { updateEvent } from "@/lib/services/training/update-event";
import { deleteEvent } from "@/lib/services/training/delete-event";
import { assignCheckingConflicts } from "@/lib/services/conflicts/assign-checking-conflicts";
import { unassignInstructor } from "@/lib/services/training/unassign-instructor";
import { eventConflictBoard } from "@/db/queries/event-conflicts";
import { sessionConflictViews, type SessionConflictsView } from "@/components/events/session-conflicts";
import { eventFormToInput } from "./form-data";
import { eventFormProblems } from "./form-problems";

/** The form's own checks first, in its words; then the service's (the API's schema). */
function formProblems(form: FormData): ActionResult | null {
  const fieldErrors = eventFormProblems(form);
  return Object.keys(fieldErrors).length
    ? { ok: false, message: "Please correct the highlighted fields.", fieldErrors }
    : null;
}

export async function createEventAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  await requireAdmin();
  const problems = formProblems(form);
  if (problems) return problems;
  let id: string;
  try {
    id = (await createEvent({ ctx: await appContext(), input: eventFormToInput(form) })).event.id;
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath("/events");
  redirect(`/events/${id}?created=1`);
}

export async function updateEventAction(id: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  await requireAdmin();
  const problems = formProblems(form);
  if (problems) return problems;
  try {
    await updateEvent({ ctx: await appContext(), id, input: eventFormToInput(form) });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath("/events");
  revalidatePath(`/events/${id}`);
  return { ok: true, message: "Saved" };
}

export async function assignInstructorAction(eventId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin();
  try {
    await assignCheckingConflicts({
      ctx: await appContext(),
      eventId,
      instructorId: String(form.get("instructorId") ?? ""),
      adminId: admin.id,
      input: { role: String(form.get("role") ?? "lead"), confirmConflicts: form.get("confirmConflicts") === "yes" },
    });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath(`/events/${eventId}`);
  return { ok: true };
}

export async function unassignInstructorAction(eventId: string, instructorId: string): Promise<void> {
  await requireAdmin();
  await unassignInstructor({ ctx: await appContext(), eventId, instructorId });
  revalidatePath(`/events/${eventId}`);
}

/** One instructor's conflicts with the event by session, for the assignment panel's expanded badge. */
export async function conflictDetailsAction(eventId: string, instructorId: string): Promise<SessionConflictsView[]> {
  await requireAdmin();
  const ctx = await appContext();
  const board = await eventConflictBoard(ctx.db, { eventId, now: ctx.now(), instructorIds: [instructorId] });
  const candidate = board?.candidates[0];
  return candidate ? sessionConflictViews(candidate, board.detail.sessions, board.detail.timeZone) : [];
}

/** Deletes the event; its Outlook entries are deleted by the push the service requests. */
export async function deleteEventAction(id: string): Promise<ActionResult> {
  await requireAdmin();
  try {
    await deleteEvent({ ctx: await appContext(), id });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath("/events");
  redirect("/events?deleted=1");
}
