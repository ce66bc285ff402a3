import { eq } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { hashToken } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "@/lib/context/service-context";
import {
  checkInvitation,
  findInvitation,
  type InvitationProblem,
  type OpenInvitation,
} from "./internal/find-invitation";

export type { InvitationProblem, OpenInvitation };

/** The invitation a link names, if it still works; otherwise why not. */
export async function openInvitation({
  ctx,
  token,
}: {
  ctx: ServiceContext;
  token: string;
}): Promise<{ ok: true; value: OpenInvitation } | { ok: false; reason: InvitationProblem }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: "unknown" };
  return checkInvitation(ctx, await findInvitation(ctx, eq(invitations.tokenHash, hashToken(token))));
}
