import { DateTime } from "luxon";
import { nextAuthSecret } from "@/lib/local-secrets";
import { signLink, verifyLink } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "./context";

/** Months an instructor's "manage your connection" link keeps working. */
const LINK_MONTHS = 6;

export function connectionPageUrl(ctx: ServiceContext, instructorId: string): string {
  const expiresAt = DateTime.fromJSDate(ctx.now()).plus({ months: LINK_MONTHS }).toJSDate();
  return `${ctx.appUrl}/connection/${signLink(nextAuthSecret(), instructorId, expiresAt)}`;
}

export function instructorFromConnectionLink(ctx: ServiceContext, link: string) {
  return verifyLink(nextAuthSecret(), link, ctx.now());
}
