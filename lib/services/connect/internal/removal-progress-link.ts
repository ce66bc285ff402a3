import { DateTime } from "luxon";
import { signLink, verifyLink } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "@/lib/context/service-context";

/** Days the "we are removing our entries" page of a finish-removal sign-in keeps working. */
const PROGRESS_LINK_DAYS = 7;
const prefix = "removal-";

/**
 * The signed link of the page an instructor lands on after a finish-removal sign-in: it names the removal
 * run, so the page can show its progress and outcome to the person who started it, and nothing else.
 * The prefix keeps it apart from manage links, which are signed with the same secret.
 */
export function removalProgressLink(ctx: ServiceContext, runId: string): string {
  return signLink(
    ctx.secrets.linkSigningSecret(),
    `${prefix}${runId}`,
    DateTime.fromJSDate(ctx.now()).plus({ days: PROGRESS_LINK_DAYS }).toJSDate(),
  );
}

/** The run a progress link names, or null when it is not genuine or has expired. */
export function runOfRemovalProgressLink(ctx: ServiceContext, link: string): string | null {
  const verified = verifyLink(ctx.secrets.linkSigningSecret(), link, ctx.now());
  if (!verified.ok || !verified.subject.startsWith(prefix)) return null;
  const runId = verified.subject.slice(prefix.length);
  return /^[0-9a-f-]{36}$/.test(runId) ? runId : null;
}
