/**
 * calendarView/delta rounds (graph-behaviour.md §3). Initial round: the window is required and the
 * round returns every instance in it. Later rounds (from a $deltatoken) return only units changed in
 * the journal since the token: current instances as full events, and `@removed {reason:"deleted"}`
 * for instances the client saw that are gone or left the window, and for changes wholly outside the
 * window (the documented out-of-window churn). Pages are ordered by id with an "after id" cursor so
 * concurrent writes never make a round skip an unchanged item; the deltaLink points at the round's
 * start position, so anything written mid-round is replayed next round (replays are allowed, §3).
 * Realism (`DeltaRealism`, issue 10 item 5): a replication lag hides changes younger than `lagMs`
 * (the round reports up to the journal position of `now - lagMs`); a page may start with the last
 * item of the previous page; an item that still exists but left the window may be
 * `@removed {reason:"changed"}`. Decisions are keyed draws (prng.ts), so a retried page is identical.
 */
import { badODataRequest, missingTimeWindow } from "./errors";
import type { StoredEvent } from "./event-types";
import { removedItem, renderEvent, type RenderContext } from "./event-render";
import { instancesInWindow, unitInstances } from "./calendar-view";
import { assertTokenAlive, decodeDeltaToken, encodeDeltaToken, type DeltaState } from "./delta-token";
import type { SeriesSnapshot } from "./journal";
import { keyedChance } from "./prng";
import { ODDS } from "./realism";
import { isDeletedItemsFolder, type Mailbox } from "./mailbox";
import { queryValue, type QueryInput } from "./odata";
import { parseWindowBound } from "./time-zones";

export type DeltaConfig = {
  secret: string;
  /** Default page size without Prefer: odata.maxpagesize [UNV]. */
  defaultPageSize: number;
  /** Reject $select/$expand/$filter/$orderby/$search on the initial request (§3; real service may ignore some [UNV]). */
  rejectUnsupportedQueryOptions: boolean;
  /** Report out-of-window changes as @removed (documented, §3). */
  reportOutOfWindowChanges: boolean;
  /** Optional token lifetime; Outlook's has none, tokens are evicted instead (§3). */
  tokenTtlMs?: number;
  inclusiveStart?: boolean;
};

export const defaultDeltaConfig: DeltaConfig = {
  secret: "graph-emulator-delta",
  defaultPageSize: 10,
  rejectUnsupportedQueryOptions: true,
  reportOutOfWindowChanges: true,
};

export type DeltaEntry =
  { kind: "upsert"; event: StoredEvent } | { kind: "removed"; id: string; reason: "deleted" | "changed" };

/** The realistic profile's delta behaviours (realism.ts); all off by default. */
export type DeltaRealism = { seed: number; repeats: boolean; removedChanged: boolean; lagMs: number };
const NO_REALISM: DeltaRealism = { seed: 0, repeats: false, removedChanged: false, lagMs: 0 };
export type DeltaPage = { entries: DeltaEntry[]; skipToken?: string; deltaToken?: string };

const UNSUPPORTED = ["$select", "$expand", "$filter", "$orderby", "$search"];

function initialState(
  mb: Mailbox,
  q: QueryInput,
  cfg: DeltaConfig,
  now: number,
  visible: number,
  calendarId?: string,
): DeltaState {
  const present = UNSUPPORTED.filter((o) => queryValue(q, o) !== undefined);
  if (cfg.rejectUnsupportedQueryOptions && present.length > 0) {
    throw badODataRequest(
      `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${present.join(", ")}'.`,
    );
  }
  const s = queryValue(q, "startDateTime");
  const e = queryValue(q, "endDateTime");
  const start = s === undefined ? null : parseWindowBound(s);
  const end = e === undefined ? null : parseWindowBound(e);
  if (start === null || end === null) throw missingTimeWindow();
  return { user: mb.owner.id, epoch: mb.deltaEpoch, start, end, calendarId, from: -1, to: visible, issuedAt: now };
}

/** A unit as it was at journal position `pos` (null: it did not exist then). */
function unitAt(mb: Mailbox, rootId: string, later: Map<string, SeriesSnapshot | null>): SeriesSnapshot | null {
  return later.has(rootId) ? (later.get(rootId) ?? null) : mb.snapshot(rootId);
}

/** Everything the round reports as of journal position `st.to`, in id order (not paged yet). */
function roundEntries(mb: Mailbox, st: DeltaState, cfg: DeltaConfig, realism: DeltaRealism): DeltaEntry[] {
  const w = { startMs: st.start, endMs: st.end };
  const opts = { calendarId: st.calendarId, inclusiveStart: cfg.inclusiveStart };
  const byId = new Map<string, DeltaEntry>();
  // Units changed after `st.to` (replication lag) are reported as they were at `st.to`.
  const later = mb.journal.statesAt(st.to, mb.journal.position);
  const gone = (id: string, stillExists: boolean): DeltaEntry => ({
    kind: "removed",
    id,
    reason:
      stillExists &&
      realism.removedChanged &&
      keyedChance(realism.seed, `removed:${st.to}:${id}`) < ODDS.removedChangedChance
        ? "changed"
        : "deleted",
  });
  if (st.from < 0) {
    for (const ev of instancesInWindow(mb, w, opts))
      if (!later.has(ev.seriesMasterId ?? ev.id)) byId.set(ev.id, { kind: "upsert", event: ev });
    for (const [, then] of later)
      for (const ev of then ? unitInstances(then, w, opts) : []) byId.set(ev.id, { kind: "upsert", event: ev });
  } else {
    for (const [rootId, before] of mb.journal.statesAt(st.from, st.to)) {
      const after = unitAt(mb, rootId, later);
      const seen = before ? unitInstances(before, w, opts) : [];
      const now = after ? unitInstances(after, w, opts) : [];
      for (const ev of now) byId.set(ev.id, { kind: "upsert", event: ev });
      // An item in Deleted Items no longer exists for the calendar: `deleted`, never `changed`.
      const exists = after !== null && !isDeletedItemsFolder(after.root.calendarId);
      for (const ev of seen) if (!byId.has(ev.id)) byId.set(ev.id, gone(ev.id, exists));
      if (seen.length === 0 && now.length === 0 && cfg.reportOutOfWindowChanges) byId.set(rootId, gone(rootId, exists));
    }
  }
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

export type DeltaRequest = {
  query: QueryInput;
  /** Value of $skiptoken or $deltatoken when the request carried one. */
  skipToken?: string;
  deltaToken?: string;
  maxPageSize?: number;
  calendarId?: string;
  now: number;
};

export function deltaPage(
  mb: Mailbox,
  req: DeltaRequest,
  cfg: DeltaConfig = defaultDeltaConfig,
  realism: DeltaRealism = NO_REALISM,
): DeltaPage {
  const token = req.skipToken ?? req.deltaToken;
  const visible = realism.lagMs > 0 ? mb.journal.positionAt(req.now - realism.lagMs) : mb.journal.position;
  let st: DeltaState;
  if (token === undefined) st = initialState(mb, req.query, cfg, req.now, visible, req.calendarId);
  else {
    // Other parameters on a token URL are ignored (§3, OBS Q&A 2182814).
    st = decodeDeltaToken(token, cfg.secret);
    assertTokenAlive(st, { userId: mb.owner.id, epoch: mb.deltaEpoch }, req.now, cfg.tokenTtlMs);
    // A delta token starts a new round: compare against its position, report up to now.
    if (req.deltaToken !== undefined) st = { ...st, to: Math.max(visible, st.from), after: undefined };
  }
  const all = roundEntries(mb, st, cfg, realism);
  const idOf = (e: DeltaEntry) => (e.kind === "upsert" ? e.event.id : e.id);
  const size = req.maxPageSize ?? cfg.defaultPageSize;
  // Realistic: this page may begin with the previous page's last item again (needs room to progress).
  const after = st.after;
  const repeat =
    after !== undefined &&
    size > 1 &&
    realism.repeats &&
    keyedChance(realism.seed, `repeat:${st.to}:${after}`) < ODDS.deltaRepeatChance;
  const remaining = after === undefined ? all : all.filter((e) => (repeat ? idOf(e) >= after : idOf(e) > after));
  const entries = remaining.slice(0, size);
  const last = entries[entries.length - 1];
  if (remaining.length > size && last) {
    return { entries, skipToken: encodeDeltaToken({ ...st, after: idOf(last), issuedAt: req.now }, cfg.secret) };
  }
  // `after: undefined` vanishes in the JSON, so delta tokens carry no cursor.
  return {
    entries,
    deltaToken: encodeDeltaToken({ ...st, after: undefined, from: st.to, issuedAt: req.now }, cfg.secret),
  };
}

/** The response body: rendered items plus `@odata.nextLink` or `@odata.deltaLink` (absolute, §12). */
export function renderDeltaPage(page: DeltaPage, linkBase: string, ctx: RenderContext): Record<string, unknown> {
  const value = page.entries.map((e) =>
    e.kind === "removed"
      ? removedItem(ctx.idOut ? ctx.idOut(e.id) : e.id, e.reason)
      : renderEvent(e.event, { ...ctx, select: null, expandExtendedPropertyIds: null, includeODataType: true }),
  );
  return page.skipToken !== undefined
    ? { value, "@odata.nextLink": `${linkBase}?$skiptoken=${page.skipToken}` }
    : { value, "@odata.deltaLink": `${linkBase}?$deltatoken=${page.deltaToken ?? ""}` };
}
