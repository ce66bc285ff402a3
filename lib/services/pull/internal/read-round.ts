import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import type { DeltaPageItem, DeltaStart } from "@/lib/graph/calendar-reads";
import { isSyncStateGone } from "@/lib/graph/errors";
import { baselineDue, type PullWindow } from "@/lib/sync/pull-window";
import { FULL_PRIVATE_SELECT, OUR_PROPERTY_EXPAND } from "@/lib/sync/privacy-filter";
import type { Event } from "@microsoft/microsoft-graph-types";

export type StoredPullState = { deltaLink: string | null; window: PullWindow; baselineAt: Date } | null;

/** A whole delta round, read to its last page; `window` and `baselineAt` describe the token it ends with. */
export type DeltaRound = {
  kind: "delta";
  items: DeltaPageItem[];
  deltaLink: string;
  baseline: boolean;
  window: PullWindow;
  baselineAt: Date;
};

/**
 * Default Privacy Mode: one calendarView/delta round, from the stored deltaLink, or a baseline over
 * the wanted window when one is due (graph-behaviour.md §3: a token's window is fixed). A 410 starts
 * a baseline from Graph's `Location` (same window) when sent, else from the window. Nothing is
 * returned before the round's last page arrived, so a fault half-way leaves nothing to apply.
 */
export async function readDeltaRound(
  client: GraphCalendarClient,
  state: StoredPullState,
  wanted: PullWindow,
  now: Date,
): Promise<DeltaRound> {
  const token = state?.deltaLink ? { window: state.window, baselineAt: state.baselineAt } : null;
  if (!state?.deltaLink || baselineDue({ now, wanted, token }))
    return baselineFrom(client, { window: wanted }, wanted, now);
  try {
    return { ...(await readAll(client, { deltaLink: state.deltaLink })), baseline: false, ...token! };
  } catch (error) {
    if (!isSyncStateGone(error)) throw error;
    if (error.restartLink) {
      try {
        return await baselineFrom(client, { deltaLink: error.restartLink }, state.window, now);
      } catch (again) {
        if (!isSyncStateGone(again)) throw again;
      }
    }
    return baselineFrom(client, { window: wanted }, wanted, now);
  }
}

async function baselineFrom(client: GraphCalendarClient, from: DeltaStart, window: PullWindow, now: Date) {
  return { ...(await readAll(client, from)), baseline: true, window, baselineAt: now };
}

async function readAll(client: GraphCalendarClient, from: DeltaStart) {
  const items: DeltaPageItem[] = [];
  let deltaLink: string | null = null;
  for await (const page of client.calendarViewDelta(from)) {
    items.push(...page.items);
    deltaLink = page.deltaLink;
  }
  // calendarViewDelta throws when the last page has no deltaLink; this is for the type checker.
  if (!deltaLink) throw new Error("A delta round ended without a deltaLink");
  return { kind: "delta" as const, items, deltaLink };
}

/** Full Private Mode: the whole window through calendarView with times and flags only, never delta. */
export async function readFullPrivateView(client: GraphCalendarClient, window: PullWindow): Promise<Event[]> {
  return client.calendarViewSelect(window, FULL_PRIVATE_SELECT, {
    expand: OUR_PROPERTY_EXPAND,
    pageSize: FULL_PRIVATE_PAGE_SIZE,
  });
}

/**
 * Times and flags only, so a page can be large: a typical year (a few hundred items) is one request,
 * and Outlook expands the window's recurrences once instead of once per page.
 */
const FULL_PRIVATE_PAGE_SIZE = 500;
