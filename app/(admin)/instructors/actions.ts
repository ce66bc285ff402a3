"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/guards";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { createInstructor } from "@/lib/services/training/create-instructor";
import { updateInstructor } from "@/lib/services/training/update-instructor";

const read = (form: FormData) => ({
  name: String(form.get("name") ?? ""),
  email: String(form.get("email") ?? ""),
  timeZone: String(form.get("timeZone") ?? ""),
  microsoftAccount: String(form.get("microsoftAccount") ?? ""),
});

export async function createInstructorAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  await requireAdmin();
  try {
    await createInstructor({ ctx: await appContext(), input: read(form) });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath("/instructors");
  redirect("/instructors");
}

export async function updateInstructorAction(id: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  await requireAdmin();
  try {
    await updateInstructor({ ctx: await appContext(), id, input: read(form) });
  } catch (error) {
    return toActionResult(error);
  }
  revalidatePath("/instructors");
  return { ok: true, message: "Saved" };
}
