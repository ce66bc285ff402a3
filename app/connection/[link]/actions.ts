"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { changePrivacyThroughLink } from "@/lib/services/connect/change-privacy-through-link";
import { disconnectThroughLink } from "@/lib/services/connect/disconnect-through-link";

/** The signed link is the instructor's only credential here; every action re-checks it. */
export async function setPrivacyModeAction(link: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    await changePrivacyThroughLink({ ctx: await appContext(), link, input: { privacyMode: form.get("privacyMode") } });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath(`/connection/${link}`);
  return { ok: true, message: "Privacy mode saved" };
}

export async function disconnectAction(link: string, _: ActionResult): Promise<ActionResult> {
  try {
    await disconnectThroughLink({ ctx: await appContext(), link });
  } catch (error) {
    return toActionResult(error);
  }
  // The link stopped working with the disconnection, so leave its page.
  redirect("/connection/disconnected");
}
