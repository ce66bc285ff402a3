import { domainOf } from "@/lib/connect/account-binding";
import type { ServiceContext } from "@/lib/context/service-context";
import { openInvitation } from "./open-invitation";

/** For an instructor stuck at "Need admin approval": their organisation's domain. Reads only. */
export async function adminApprovalFacts({ ctx, token }: { ctx: ServiceContext; token: string }) {
  const found = await openInvitation({ ctx, token });
  if (!found.ok) return { ok: false as const, reason: found.reason };
  const { instructor, invitation } = found.value;
  return { ok: true as const, instructor, invitation, domain: domainOf(instructor.email) };
}
