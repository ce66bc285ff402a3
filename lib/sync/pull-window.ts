import { DateTime } from "luxon";

/**
 * The range of an instructor's calendar the mirror covers: from the start of today in their zone,
 * minus a look-back, to 12 months after the start of today. A calendarView/delta token keeps the
 * window it was started with (graph-behaviour.md §3), so the mirror slides only by starting a new
 * baseline round; `baselineDue` says when.
 */
export type PullWindow = { start: Date; end: Date };

export const DEFAULT_LOOK_BACK_DAYS = 7;
export const MONTHS_AHEAD = 12;
/** A baseline older than this is replaced, so the window never lags more than a day. */
export const BASELINE_MAX_AGE_MS = 24 * 3_600_000;
/** How far a token's window may fall short of the wanted one before a new baseline is due. */
export const WINDOW_TOLERANCE_MS = 24 * 3_600_000;

export function pullWindow(input: { now: Date; timeZone: string; lookBackDays?: number }): PullWindow {
  const today = DateTime.fromJSDate(input.now, { zone: input.timeZone }).startOf("day");
  if (!today.isValid) throw new RangeError(`Unknown time zone: ${input.timeZone}`);
  // Calendar arithmetic in the zone: "7 days ago" and "12 months ahead" start at local midnight across DST changes.
  return {
    start: today
      .minus({ days: input.lookBackDays ?? DEFAULT_LOOK_BACK_DAYS })
      .startOf("day")
      .toJSDate(),
    end: today.plus({ months: MONTHS_AHEAD }).startOf("day").toJSDate(),
  };
}

export type BaselineReason = "no_token" | "window_short" | "window_moved" | "stale";

/**
 * Why a new baseline round is due, or null when the stored delta token may be used. Due when there
 * is no token, when its window no longer reaches the wanted end by more than a day (or starts more
 * than a day away from the wanted start: a changed zone or look-back), or when the baseline is
 * older than 24 hours.
 */
export function baselineDue(input: {
  now: Date;
  wanted: PullWindow;
  token: { window: PullWindow; baselineAt: Date } | null;
}): BaselineReason | null {
  const { token, wanted, now } = input;
  if (!token) return "no_token";
  if (wanted.end.getTime() - token.window.end.getTime() > WINDOW_TOLERANCE_MS) return "window_short";
  if (Math.abs(wanted.start.getTime() - token.window.start.getTime()) > WINDOW_TOLERANCE_MS) return "window_moved";
  if (now.getTime() - token.baselineAt.getTime() >= BASELINE_MAX_AGE_MS) return "stale";
  return null;
}

/**
 * Whether calendarView over `window` shows an event (graph-behaviour.md §2: events overlapping the
 * window; one without duration when it starts inside it). A by-id read of an event that fails this
 * has left the window.
 */
export function overlapsWindow(event: { startsAt: Date; endsAt: Date }, window: PullWindow): boolean {
  const start = event.startsAt.getTime();
  const end = event.endsAt.getTime();
  if (start === end) return start >= window.start.getTime() && start < window.end.getTime();
  return start < window.end.getTime() && end > window.start.getTime();
}
