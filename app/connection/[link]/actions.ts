"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { ForbiddenError, toActionResult, type ActionResult } from "@/lib/errors";
import { systemContext } from "@/lib/services/context";
import { instructorFromConnectionLink } from "@/lib/services/connection-link";
import { disconnectCalendar, setPrivacyMode } from "@/lib/services/manage-connection";

/** The signed link is the instructor's only credential here; every action re-checks it. */
async function instructorFor(link: string) {
  const ctx = systemContext(await getDb());
  const verified = instructorFromConnectionLink(ctx, link);
  if (!verified.ok) throw new ForbiddenError("This link is not valid any more");
  return { ctx, instructorId: verified.subject };
}

export async function setPrivacyModeAction(link: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    const { ctx, instructorId } = await instructorFor(link);
    await setPrivacyMode({ ctx, instructorId, input: { privacyMode: form.get("privacyMode") } });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath(`/connection/${link}`);
  return { ok: true, message: "Privacy mode saved" };
}

export async function disconnectAction(link: string, _: ActionResult): Promise<ActionResult> {
  try {
    const { ctx, instructorId } = await instructorFor(link);
    await disconnectCalendar({ ctx, instructorId, by: "instructor" });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath(`/connection/${link}`);
  return { ok: true, message: "Your calendar is disconnected" };
}
