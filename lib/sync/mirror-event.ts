import type { EventType, FreeBusyStatus, ResponseType } from "@microsoft/microsoft-graph-types";

/**
 * One Outlook event as the mirror keeps it (a row of `external_events`, minus its connection):
 * instants in UTC; an all-day event also as its dates (end exclusive), its instants being local
 * midnights in the instructor's home zone; privacy already applied (see privacy-filter.ts).
 */
export type MirrorEvent = {
  graphId: string;
  seriesMasterId: string | null;
  type: Exclude<EventType, "seriesMaster">;
  startsAt: Date;
  endsAt: Date;
  allDayStartDate: string | null;
  allDayEndDate: string | null;
  showAs: FreeBusyStatus;
  response: ResponseType | null;
  isCancelled: boolean;
  isOrganizer: boolean;
  isPrivate: boolean;
  title: string | null;
  /** An entry Push wrote: never an external busy time. */
  isOurs: boolean;
  changeKey: string | null;
};

/** Whether two rows say the same thing (changeKey aside, which moves on changes we do not keep). */
export function sameMirrorEvent(a: MirrorEvent, b: MirrorEvent): boolean {
  return (
    a.graphId === b.graphId &&
    a.seriesMasterId === b.seriesMasterId &&
    a.type === b.type &&
    a.startsAt.getTime() === b.startsAt.getTime() &&
    a.endsAt.getTime() === b.endsAt.getTime() &&
    a.allDayStartDate === b.allDayStartDate &&
    a.allDayEndDate === b.allDayEndDate &&
    a.showAs === b.showAs &&
    a.response === b.response &&
    a.isCancelled === b.isCancelled &&
    a.isOrganizer === b.isOrganizer &&
    a.isPrivate === b.isPrivate &&
    a.title === b.title &&
    a.isOurs === b.isOurs
  );
}
