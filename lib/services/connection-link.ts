import { DateTime } from "luxon";
import { nextAuthSecret } from "@/lib/local-secrets";
import { signLink, verifyLink } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "./context";

/** Months an instructor's "manage your connection" link keeps working. */
const LINK_MONTHS = 6;

/** The signed part of an instructor's connection-page link. */
export function connectionLinkToken(ctx: ServiceContext, instructorId: string): string {
  return signLink(nextAuthSecret(), instructorId, DateTime.fromJSDate(ctx.now()).plus({ months: LINK_MONTHS }).toJSDate());
}

export function connectionPageUrl(ctx: ServiceContext, instructorId: string): string {
  return `${ctx.appUrl}/connection/${connectionLinkToken(ctx, instructorId)}`;
}

export function instructorFromConnectionLink(ctx: ServiceContext, link: string) {
  return verifyLink(nextAuthSecret(), link, ctx.now());
}
