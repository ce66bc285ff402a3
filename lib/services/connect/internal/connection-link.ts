import { DateTime } from "luxon";
import { signLink } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "@/lib/context/service-context";

/** Days an instructor's "manage your connection" link keeps working. */
export const MANAGE_LINK_DAYS = 30;

/**
 * The signed part of an instructor's connection-page link: the instructor and the connection's
 * current link version. Bumping the version (reconnect, disconnect, email change) retires every
 * link issued before, without a row per link.
 */
export function connectionLinkToken(ctx: ServiceContext, instructorId: string, version: number): string {
  return signLink(
    ctx.secrets.linkSigningSecret(),
    `${instructorId}_${version}`,
    DateTime.fromJSDate(ctx.now()).plus({ days: MANAGE_LINK_DAYS }).toJSDate(),
  );
}

export function connectionPageUrl(ctx: ServiceContext, instructorId: string, version: number): string {
  return `${ctx.config.appUrl}/connection/${connectionLinkToken(ctx, instructorId, version)}`;
}
