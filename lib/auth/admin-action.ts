import { appContext } from "@/lib/context/app-context";
import type { ServiceContext } from "@/lib/context/service-context";
import { toActionResult, type ActionFailure } from "@/lib/errors";
import { requireAdmin, type SignedInAdmin } from "./guards";

/**
 * The one wrapper of an admin server action, as `apiRoute` is for /api/v1: the signed-in admin (else the
 * redirect to sign-in), the app's context, then `work`; every failure, the admin check's included, is mapped by
 * `toActionResult` (a form message, "busy, try again in N s" when the database or the job layer is busy or
 * restarting), and only a bug goes on to the error boundary.
 */
export async function adminAction<T>(
  work: (args: { ctx: ServiceContext; admin: SignedInAdmin }) => Promise<T>,
): Promise<T | ActionFailure> {
  try {
    const admin = await requireAdmin();
    return await work({ ctx: await appContext(), admin });
  } catch (error) {
    return toActionResult(error);
  }
}
