"use server";

import { adminAction } from "@/lib/auth/admin-action";
import { type ActionFailure } from "@/lib/errors";
import { sendInvitations, type SendInvitationsResult } from "@/lib/services/connect/send-invitations";
import { requestPulls, type RequestPullsResult } from "@/lib/services/pull/request-pulls";
import { previewCalendarRemovals, type CalendarRemovalPreview } from "@/lib/services/removal/preview-calendar-removals";
import { removeCalendars, type RemoveCalendarsResult } from "@/lib/services/removal/remove-calendars";
import { resendFinishRemovalLink } from "@/lib/services/removal/resend-finish-removal-link";
import { confirmHeldPull } from "@/lib/services/pull/confirm-held-pull";

export async function sendInvitationsAction(instructorIds: string[]): Promise<SendInvitationsResult | ActionFailure> {
  return adminAction(({ ctx, admin }) => sendInvitations({ ctx, input: { instructorIds, createdById: admin.id } }));
}

/** Sync Calendar: a pull now for each selected instructor; the table shows its progress. */
export async function syncCalendarsAction(instructorIds: string[]): Promise<RequestPullsResult | ActionFailure> {
  return adminAction(({ ctx }) => requestPulls({ ctx, input: { instructorIds } }));
}

/** Remove Calendar's confirmation: what would be removed for each selected instructor (reads only). */
export async function previewCalendarRemovalsAction(
  instructorIds: string[],
): Promise<CalendarRemovalPreview | ActionFailure> {
  return adminAction(({ ctx }) => previewCalendarRemovals({ ctx, input: { instructorIds } }));
}

/** Remove Calendar, confirmed: a removal for each selected instructor; the table shows its progress. */
export async function removeCalendarsAction(instructorIds: string[]): Promise<RemoveCalendarsResult | ActionFailure> {
  return adminAction(({ ctx }) => removeCalendars({ ctx, input: { instructorIds } }));
}

/** The leftover list's "Send finish-removal link again". */
export async function resendFinishRemovalLinkAction(
  instructorId: string,
): Promise<{ sentTo: string; expiresAt: Date } | ActionFailure> {
  return adminAction(({ ctx, admin }) =>
    resendFinishRemovalLink({ ctx, input: { instructorId, createdById: admin.id } }),
  );
}

/** Confirm a held round: the admin agrees the mass removal is real; a new pull applies it. */
export async function confirmHeldPullAction(instructorId: string): Promise<{ runId: string } | ActionFailure> {
  return adminAction(async ({ ctx }) => {
    const { runId } = await confirmHeldPull({ ctx, instructorId });
    return { runId };
  });
}
