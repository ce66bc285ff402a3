/**
 * The invariants a chaos run checks once the app has come back: what Outlook holds (the emulator's
 * mailboxes), what the API says, and, with the app stopped, what the database holds.
 */
import type { Checks } from "./checks";
import type { InspectResult } from "./inspect-data";
import { syncKeyOf, type OutlookEvent, type PushStatusRow, type SyncRun } from "./product";

/**
 * Product bugs this check has found and that are not fixed yet; the checks they break are reported as
 * KNOWN (see Checks). Remove an entry once its fix lands: the run fails until then ("FIXED").
 */
export const KNOWN_BUGS = {} as const satisfies Record<string, string>;

/** Push: an instructor booked on an active event has exactly one entry per session in Outlook. */
export function checkPush(
  checks: Checks,
  {
    sessionIds,
    outlookEvents,
    pushStatus,
  }: { sessionIds: string[]; outlookEvents: OutlookEvent[]; pushStatus: PushStatusRow[] },
) {
  const ours = outlookEvents.filter(syncKeyOf);
  for (const [i, sessionId] of sessionIds.entries()) {
    const inOutlook = ours.filter((e) => syncKeyOf(e)!.endsWith(`/${sessionId}`));
    const row = pushStatus.find((r) => r.sessionId === sessionId);
    checks.check(
      `session ${i + 1}: exactly one entry in the instructor's Outlook`,
      inOutlook.length === 1,
      `${inOutlook.length} of our entries`,
    );
    const recorded = row?.outlookEventId === inOutlook[0]?.id ? "the one in Outlook" : `${row?.outlookEventId}`;
    checks.check(
      `session ${i + 1}: push status in_outlook, recording that entry`,
      row?.status === "in_outlook" && row.outlookEventId === inOutlook[0]?.id,
      `status ${row?.status ?? "none"}, recorded id ${recorded}`,
    );
  }
  const keys = ours.map(syncKeyOf);
  checks.check(
    "no duplicate entry in the instructor's Outlook",
    new Set(keys).size === keys.length,
    `${keys.length} entries`,
  );
}

/** Removal: the run completes and none of our entries is left in Outlook. */
export function checkRemovalOutcome(
  checks: Checks,
  { run, outlookEvents }: { run: SyncRun; outlookEvents: OutlookEvent[] },
) {
  checks.check(
    "the removal run completes after the restart",
    run.status === "succeeded",
    `run ${run.status}${run.error ? `: ${run.error}` : ""}`,
  );
  const left = outlookEvents.filter(syncKeyOf);
  checks.check("none of our entries is left in the instructor's Outlook", left.length === 0, `${left.length} left`);
}

/** What the database holds once the app is stopped: the removed calendar's nothing, the pushed booking, the job queue. */
export function checkDatabase(
  checks: Checks,
  held: InspectResult,
  { pushed, removed }: { pushed: { instructorId: string; sessionIds: string[] }; removed: { instructorId: string } },
) {
  const removedConnection = held.connections.find((c) => c.instructorId === removed.instructorId);
  checks.check(
    "the removed connection ends disconnected",
    removedConnection?.status === "disconnected",
    removedConnection?.status ?? "no connection",
  );
  const kept = Object.entries(removedConnection?.held ?? {}).filter(([, n]) => n > 0);
  checks.check(
    "we hold nothing of the removed calendar (mirror, delta state, notified ids, push entries, token, subscription)",
    removedConnection !== undefined && kept.length === 0,
    kept.length ? kept.map(([table, n]) => `${table} ${n}`).join(", ") : "all zero",
  );

  const pushedConnection = held.connections.find((c) => c.instructorId === pushed.instructorId);
  const entries = pushedConnection?.pushEntries.filter((e) => pushed.sessionIds.includes(e.sessionId)) ?? [];
  checks.check(
    "the booking's push entries: one per session, in_outlook with an Outlook id",
    entries.length === pushed.sessionIds.length && entries.every((e) => e.status === "in_outlook" && e.outlookEventId),
    entries.map((e) => e.status).join(", ") || "none",
  );

  const describe = (jobs: InspectResult["unfinishedJobs"]) =>
    jobs
      .map((j) => `${j.functionId} ${j.state} after ${j.attempt} attempt(s): ${JSON.stringify(j.lastError)}`)
      .join("; ");
  const pushes = held.unfinishedJobs.filter(
    (j) => j.functionId === "sync-push" && j.eventData.connectionId === pushedConnection?.connectionId,
  );
  checks.check("the resumed push run succeeds", pushes.length === 0, describe(pushes) || "succeeded");
  const removals = held.unfinishedJobs.filter((j) => j.functionId === "calendar-removal");
  checks.check("the resumed removal run succeeds", removals.length === 0, describe(removals) || "succeeded");
  // Cron ticks may be queued when the run crosses their minute; a failed run of anything else is a finding.
  const others = held.unfinishedJobs.filter((j) => !pushes.includes(j) && !removals.includes(j));
  const failed = others.filter((j) => j.state === "failed");
  checks.check("no other job run failed", failed.length === 0, describe(failed) || "none");
}
