import type { CalendarIntegrationRow } from "@/db/queries/calendar-integration";

/** A value as it arrives through JSON: every Date an ISO string, recursively. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** One row of the Calendar Integration table as the page polls it. */
export type IntegrationRowJson = Jsonified<CalendarIntegrationRow>;

/** A short local time in the admin's browser zone: "10 Mar, 10:20". */
export const shortWhen = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })
    : "—";

/** Only the time when it is today, else the short date and time. */
export const clockOrWhen = (iso: string | null, now: Date) => {
  if (!iso) return "—";
  const at = new Date(iso);
  return at.toDateString() === now.toDateString()
    ? at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })
    : shortWhen(iso);
};

/** The date alone, "25 Nov" (the title carries the time). */
export const day = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short" }) : "—";
