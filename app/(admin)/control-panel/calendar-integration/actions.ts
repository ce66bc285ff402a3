"use server";

import { requireAdmin } from "@/lib/auth/guards";
import { toActionResult, type ActionFailure } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { sendInvitations, type SendInvitationsResult } from "@/lib/services/connect/send-invitations";

export async function sendInvitationsAction(instructorIds: string[]): Promise<SendInvitationsResult | ActionFailure> {
  const admin = await requireAdmin();
  try {
    return await sendInvitations({ ctx: await appContext(), input: { instructorIds, createdById: admin.id } });
  } catch (error) {
    return toActionResult(error);
  }
}
