/**
 * GET …/calendarView/delta (issue item 4; graph-behaviour.md §3): the pure engine in ../delta.ts does
 * the rounds; this only reads `$skiptoken`/`$deltatoken` and builds absolute links on the path the
 * client used (no start/end in follow-up links, like the service's). Also served under OData's long
 * name `/calendarView/microsoft.graph.delta()`. An expired token is 410 SyncStateNotFound, with a
 * `Location` header holding a fresh initial URL (empty `$deltatoken`, §3 "Synchronization reset")
 * when the control API asked for one or, in the realistic profile, on a seeded coin toss.
 */
import type { Route } from "../../core/types";
import { deltaPage, renderDeltaPage } from "../delta";
import { GraphError } from "../errors";
import { SyncStateGone } from "../delta-token";
import type { Mailbox } from "../mailbox";
import { queryValue } from "../odata";
import { keyedChance } from "../prng";
import { ODDS } from "../realism";
import { contextUrl } from "../render-directory";
import { formatUtcTimestamp } from "../time-zones";
import { calendarPaths } from "./paths";
import { mailboxRoutes } from "./pipeline";
import type { GraphRuntime } from "./runtime";

export function deltaRoutes(rt: GraphRuntime): Route[] {
  const patterns = [...calendarPaths("/calendarView/delta"), ...calendarPaths("/calendarView/microsoft.graph.delta()")];
  return mailboxRoutes("GET", patterns, "read", rt, (call) => {
    const skipToken = queryValue(call.req.query, "$skiptoken");
    // `$deltatoken=` with no value is the restart URL of a 410 Location: a new initial round.
    const deltaToken = queryValue(call.req.query, "$deltatoken") || undefined;
    const linkBase = call.requestUrl.split("?")[0] ?? call.requestUrl;
    const s = rt.settings;
    let page;
    try {
      page = deltaPage(
        call.mb,
        {
          query: call.req.query,
          ...(skipToken !== undefined ? { skipToken } : {}),
          ...(deltaToken !== undefined ? { deltaToken } : {}),
          ...(call.prefs.maxPageSize ? { maxPageSize: call.prefs.maxPageSize } : {}),
          ...(call.calendarId ? { calendarId: call.calendarId } : {}),
          now: call.now,
        },
        rt.config.delta,
        {
          seed: rt.profile.seed,
          repeats: s.deltaRepeats,
          removedChanged: s.deltaRemovedChanged,
          lagMs: s.deltaReplicationLagMs,
        },
      );
    } catch (thrown) {
      const err = thrown instanceof SyncStateGone ? goneAs(call.mb, thrown) : thrown;
      if (err instanceof SyncStateGone && goneWithLocation(rt, call.mb, skipToken ?? deltaToken ?? "")) {
        const restart = `${linkBase}?startDateTime=${formatUtcTimestamp(err.state.start)}&endDateTime=${formatUtcTimestamp(err.state.end)}&$deltatoken=`;
        err.headers.Location = restart;
      }
      throw err;
    }
    const ctx = {
      idOut: call.idOut,
      ...(call.prefs.timeZone ? { timeZone: call.prefs.timeZone } : {}),
      ...(call.prefs.bodyContentType ? { bodyContentType: call.prefs.bodyContentType } : {}),
    };
    return {
      status: 200,
      body: {
        "@odata.context": contextUrl(call.versionRoot, "Collection(event)"),
        ...renderDeltaPage(page, linkBase, ctx),
      },
    };
  });
}

/**
 * The expired token's error as `POST /_emulator/delta/expire {error}` chose: Graph documents the codes
 * `syncStateNotFound` and `resyncRequired` (errors.md) and observed 410 `SyncStateNotFound`; which status
 * carries the others is not documented [UNV], so the control API sets both.
 */
function goneAs(mb: Mailbox, gone: SyncStateGone): SyncStateGone {
  const as = mb.deltaGoneError;
  if (!as) return gone;
  const message = SYNC_STATE_MESSAGES[as.code] ?? gone.message;
  return new SyncStateGone(new GraphError(as.status, as.code, message, gone.headers), gone.state);
}

const SYNC_STATE_MESSAGES: Record<string, string> = {
  resyncRequired: "Resync required. Replace any local cached copies with the latest data and reset the delta token.",
  syncStateInvalid: "The sync state is invalid. Start a new synchronization.",
};

function goneWithLocation(rt: GraphRuntime, mb: Mailbox, token: string): boolean {
  if (mb.deltaGoneLocation !== undefined) return mb.deltaGoneLocation;
  return rt.settings.deltaGoneWithLocation && keyedChance(rt.profile.seed, `gone:${token}`) < ODDS.goneLocationChance;
}
