"use server";

import { requireAdmin } from "@/lib/auth/guards";
import { toActionResult, type ActionFailure } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { sendInvitations, type SendInvitationsResult } from "@/lib/services/connect/send-invitations";
import { requestPulls, type RequestPullsResult } from "@/lib/services/pull/request-pulls";
import { previewCalendarRemovals, type CalendarRemovalPreview } from "@/lib/services/removal/preview-calendar-removals";
import { removeCalendars, type RemoveCalendarsResult } from "@/lib/services/removal/remove-calendars";
import { resendFinishRemovalLink } from "@/lib/services/removal/resend-finish-removal-link";
import { confirmHeldPull } from "@/lib/services/pull/confirm-held-pull";

export async function sendInvitationsAction(instructorIds: string[]): Promise<SendInvitationsResult | ActionFailure> {
  const admin = await requireAdmin();
  try {
    return await sendInvitations({ ctx: await appContext(), input: { instructorIds, createdById: admin.id } });
  } catch (error) {
    return toActionResult(error);
  }
}

/** Sync Calendar: a pull now for each selected instructor; the table shows its progress. */
export async function syncCalendarsAction(instructorIds: string[]): Promise<RequestPullsResult | ActionFailure> {
  await requireAdmin();
  try {
    return await requestPulls({ ctx: await appContext(), input: { instructorIds } });
  } catch (error) {
    return toActionResult(error);
  }
}

/** Remove Calendar's confirmation: what would be removed for each selected instructor (reads only). */
export async function previewCalendarRemovalsAction(
  instructorIds: string[],
): Promise<CalendarRemovalPreview | ActionFailure> {
  await requireAdmin();
  try {
    return await previewCalendarRemovals({ ctx: await appContext(), input: { instructorIds } });
  } catch (error) {
    return toActionResult(error);
  }
}

/** Remove Calendar, confirmed: a removal for each selected instructor; the table shows its progress. */
export async function removeCalendarsAction(instructorIds: string[]): Promise<RemoveCalendarsResult | ActionFailure> {
  await requireAdmin();
  try {
    return await removeCalendars({ ctx: await appContext(), input: { instructorIds } });
  } catch (error) {
    return toActionResult(error);
  }
}

/** The leftover list's "Send finish-removal link again". */
export async function resendFinishRemovalLinkAction(
  instructorId: string,
): Promise<{ sentTo: string; expiresAt: Date } | ActionFailure> {
  const admin = await requireAdmin();
  try {
    return await resendFinishRemovalLink({ ctx: await appContext(), input: { instructorId, createdById: admin.id } });
  } catch (error) {
    return toActionResult(error);
  }
}

/** Confirm a held round: the admin agrees the mass removal is real; a new pull applies it. */
export async function confirmHeldPullAction(instructorId: string): Promise<{ runId: string } | ActionFailure> {
  await requireAdmin();
  try {
    const { runId } = await confirmHeldPull({ ctx: await appContext(), instructorId });
    return { runId };
  } catch (error) {
    return toActionResult(error);
  }
}
