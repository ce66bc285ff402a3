import type { Event } from "@microsoft/microsoft-graph-types";
import { mirrorOf, mirrorSize } from "@/db/queries/mirror";
import { notedChanges, notedSummary, type ReadPast } from "@/db/queries/notified-changes";
import type { DbOrTx } from "@/db/types";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import { mapGraphEvent, type MapOptions } from "@/lib/sync/map-graph-event";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { MAX_REREAD_IDS, planNotifiedRead } from "@/lib/sync/notified-changes";
import type { OutlookVersion } from "@/lib/sync/outlook-version";
import { seenVersions } from "@/lib/sync/push-drift";
import { FULL_PRIVATE_SELECT, OUR_PROPERTY_EXPAND } from "@/lib/sync/privacy-filter";
import type { PullWindow } from "@/lib/sync/pull-window";
import {
  applyChangedIds,
  diffAgainstView,
  HOLD_MINIMUM_REMOVALS,
  type ChangedIdRead,
  type ChangeSet,
} from "@/lib/sync/reconcile";
import { readFullPrivateView, type StoredPullState } from "./read-round";

/** A Full Private Mode round, read and diffed, not yet written. */
export type FullPrivateRound = {
  changes: ChangeSet;
  /** Events Graph sent. */
  fetched: number;
  /** The Outlook version of every event read (our entries' drift is judged by them). */
  versions: Map<string, OutlookVersion>;
  /** The mirror's size, as the safety rule needs it. */
  mirrored: number;
  /** The pull state after a whole-view read; null after a re-read of ids (the last whole read's stands). */
  nextState: NonNullable<StoredPullState> | null;
  /** The whole window was read (counts.baseline). */
  baseline: boolean;
  /** The noted ids this round read past (forgotten with its writes). */
  readPast: ReadPast;
  /** How many noted ids a notification's pull found waiting (counts.notified). */
  notified?: number;
};

type RoundInput = {
  connectionId: string;
  wanted: PullWindow;
  now: Date;
  onlyNotified: boolean;
  mapOptions: () => Promise<MapOptions>;
};

/**
 * Full Private Mode reads nothing but times and flags (issue 11 item 3). A notification's pull
 * (`onlyNotified`) re-reads only the ids the notifications named, 20 to a `$batch` with the same
 * `$select` as the whole read: an id Graph no longer has (404) or said was deleted leaves the mirror
 * (with the occurrences of a series whose master it was), one moved outside the window too. It reads
 * the whole times-only calendarView instead, diffed against the mirror, when more than
 * MAX_REREAD_IDS ids wait, when a notification carried no id, when a changed id is a series master
 * (Graph notifies the master when occurrences change: which ones is not said), and when the mirror
 * was never read whole. Every other pull (hourly, manual, connect, `missed`) reads the whole view.
 * Never delta, which returns whole events.
 */
export async function readFullPrivateRound(
  db: DbOrTx,
  client: GraphCalendarClient,
  input: RoundInput & { state: StoredPullState },
): Promise<FullPrivateRound> {
  const { connectionId, wanted } = input;
  if (!input.onlyNotified || !input.state) return wholeView(db, client, input, await notedSummary(db, connectionId));

  const noted = await notedChanges(db, connectionId, MAX_REREAD_IDS + 1);
  const plan = planNotifiedRead(noted);
  if (plan.kind === "nothing") {
    // An earlier pull read past these notifications (a duplicate or late one brought this pull).
    const changes: ChangeSet = { upserts: [], deletes: [] };
    return {
      changes,
      fetched: 0,
      versions: new Map(),
      mirrored: 0,
      nextState: null,
      baseline: false,
      readPast: null,
      notified: 0,
    };
  }
  if (plan.kind === "view") return wholeView(db, client, input, await notedSummary(db, connectionId));

  const reads = await client.eventsByIds(plan.reread, FULL_PRIVATE_SELECT, { expand: OUR_PROPERTY_EXPAND });
  const latestSeq = Math.max(...noted.map((n) => n.seq));
  if ([...reads.values()].some((event) => event?.type === "seriesMaster"))
    return wholeView(db, client, input, { count: noted.length, latestSeq });

  const options = await input.mapOptions();
  const changed: ChangedIdRead[] = [
    ...plan.deleted.map((graphId) => ({ graphId, event: null })),
    ...plan.reread.map((graphId) => {
      const event: Event | null = reads.get(graphId) ?? null;
      return { graphId, event: event ? mapGraphEvent(event, options) : null };
    }),
  ];
  const mirror = await mirrorOf(db, connectionId, {
    graphIds: [...changed.map((c) => c.graphId), ...changed.flatMap((c) => (c.event ? [c.event.graphId] : []))],
    seriesMasterIds: changed.filter((c) => c.event === null).map((c) => c.graphId),
  });
  const changes = applyChangedIds(mirror, changed, wanted);
  return {
    changes,
    fetched: changed.filter((c) => c.event !== null).length,
    versions: seenVersions([...reads.values()].filter((event): event is Event => event !== null)),
    mirrored: changes.deletes.length >= HOLD_MINIMUM_REMOVALS ? await mirrorSize(db, connectionId) : mirror.length,
    nextState: null,
    baseline: false,
    readPast: { seqs: noted.map((n) => n.seq) },
    notified: noted.length,
  };
}

/** The whole window with times only, diffed against the whole mirror; it reads past every id noted before it began. */
async function wholeView(
  db: DbOrTx,
  client: GraphCalendarClient,
  input: RoundInput,
  noted: { count: number; latestSeq: number | null },
): Promise<FullPrivateRound> {
  const mirror = await mirrorOf(db, input.connectionId);
  const view = await readFullPrivateView(client, input.wanted);
  const options = await input.mapOptions();
  return {
    changes: diffAgainstView(
      mirror,
      view.map((e) => mapGraphEvent(e, options)).filter((e): e is MirrorEvent => e !== null),
    ),
    fetched: view.length,
    versions: seenVersions(view),
    mirrored: mirror.length,
    nextState: { deltaLink: null, window: input.wanted, baselineAt: input.now },
    baseline: true,
    readPast: noted.latestSeq === null ? null : { upTo: noted.latestSeq },
    ...(input.onlyNotified && { notified: noted.count }),
  };
}
