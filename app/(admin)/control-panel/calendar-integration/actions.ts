"use server";

import { requireAdmin } from "@/lib/auth/guards";
import { ValidationError } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { sendInvitations, type SendInvitationsResult } from "@/lib/services/connect/send-invitations";

export async function sendInvitationsAction(instructorIds: string[]): Promise<SendInvitationsResult | { error: string }> {
  const admin = await requireAdmin();
  try {
    return await sendInvitations({ ctx: await appContext(), input: { instructorIds, createdById: admin.id } });
  } catch (error) {
    if (error instanceof ValidationError) return { error: Object.values(error.fieldErrors).flat().join(" ") };
    throw error;
  }
}
