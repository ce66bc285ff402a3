import { describe, expect, it } from "vitest";
import { defaultConflictSettings } from "./conflict-settings";
import { conflictsFor, externalConflicts, type ExternalItem, type Session } from "./conflict-rules";
import { availabilityState } from "./availability-state";

const iso = (s: string) => new Date(s);
const session = (id: string, start: string, end: string): Session => ({ id, start: iso(start), end: iso(end) });
const item = (start: string, end: string, extra: Partial<ExternalItem> = {}): ExternalItem => ({
  startsAt: iso(start),
  endsAt: iso(end),
  allDayStartDate: null,
  allDayEndDate: null,
  showAs: "busy",
  response: "organizer",
  isCancelled: false,
  isPrivate: false,
  title: "Dentist",
  privacyMode: "default",
  ...extra,
});
const allDay = (startDate: string, endDate: string, extra: Partial<ExternalItem> = {}) =>
  // The stored instants are deliberately wrong (UTC midnights): the rule goes by the dates and the home zone.
  item(`${startDate}T00:00:00Z`, `${endDate}T00:00:00Z`, {
    allDayStartDate: startDate,
    allDayEndDate: endDate,
    ...extra,
  });

const nineToFive = session("s1", "2026-06-01T09:00:00Z", "2026-06-01T17:00:00Z");

describe("externalConflicts: what blocks, by the default settings", () => {
  const cases: {
    name: string;
    item: ExternalItem;
    conflict: boolean;
    tentative?: boolean;
    title?: string;
    label?: string;
  }[] = [
    {
      name: "busy and overlapping",
      item: item("2026-06-01T08:00:00Z", "2026-06-01T10:00:00Z"),
      conflict: true,
      label: "Busy · Organiser",
    },
    {
      name: "ends when the session starts",
      item: item("2026-06-01T08:00:00Z", "2026-06-01T09:00:00Z"),
      conflict: false,
    },
    {
      name: "starts when the session ends",
      item: item("2026-06-01T17:00:00Z", "2026-06-01T18:00:00Z"),
      conflict: false,
    },
    {
      name: "unknown showAs counts as busy",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { showAs: "unknown" }),
      conflict: true,
    },
    { name: "free", item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { showAs: "free" }), conflict: false },
    {
      name: "declined",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { response: "declined" }),
      conflict: false,
    },
    {
      name: "cancelled",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { isCancelled: true }),
      conflict: false,
    },
    {
      name: "tentative",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", {
        showAs: "tentative",
        response: "tentativelyAccepted",
      }),
      conflict: true,
      tentative: true,
      label: "Tentative · Tentatively accepted",
    },
    {
      name: "out of office",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { showAs: "oof" }),
      conflict: true,
      label: "Out of office · Organiser",
    },
    {
      name: "working elsewhere",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { showAs: "workingElsewhere" }),
      conflict: true,
    },
    {
      name: "our own pushed entry",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { isOurs: true }),
      conflict: false,
    },
    { name: "free all-day", item: allDay("2026-06-01", "2026-06-02", { showAs: "free" }), conflict: false },
    {
      name: "private: no title",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { isPrivate: true, title: null }),
      conflict: true,
      title: "Private",
    },
    {
      name: "Full Private Mode: Busy",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { privacyMode: "full_private", title: "kept" }),
      conflict: true,
      title: "Busy",
    },
    {
      name: "no title",
      item: item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { title: null }),
      conflict: true,
      title: "Busy",
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const found = externalConflicts([nineToFive], [c.item], "UTC", defaultConflictSettings);
      expect(found.length).toBe(c.conflict ? 1 : 0);
      if (!c.conflict) return;
      expect(found[0]!.tentative).toBe(c.tentative ?? false);
      expect(found[0]!.title).toBe(c.title ?? "Dentist");
      if (c.label) expect(found[0]!.label).toBe(c.label);
    });

  it("follows the organisation's settings", () => {
    const free = item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { showAs: "free" });
    const oof = item("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", { showAs: "oof" });
    const freeAllDay = allDay("2026-06-01", "2026-06-02", { showAs: "free" });
    const settings = { ...defaultConflictSettings, free: true, oof: false };
    expect(externalConflicts([nineToFive], [free, oof, freeAllDay], "UTC", settings)).toHaveLength(1);
    expect(externalConflicts([nineToFive], [freeAllDay], "UTC", { ...settings, freeAllDay: true })).toHaveLength(1);
  });
});

describe("all-day events cover whole days in the instructor's home zone", () => {
  const cases: { name: string; zone: string; session: Session; conflict: boolean }[] = [
    // 1 June in Sydney is 31 May 14:00 – 1 June 14:00 UTC.
    {
      name: "Sydney day, session early UTC 1 June",
      zone: "Australia/Sydney",
      session: session("a", "2026-06-01T09:00:00Z", "2026-06-01T12:00:00Z"),
      conflict: true,
    },
    {
      name: "Sydney day, session late UTC 1 June",
      zone: "Australia/Sydney",
      session: session("b", "2026-06-01T15:00:00Z", "2026-06-01T18:00:00Z"),
      conflict: false,
    },
    {
      name: "Sydney day, session late UTC 31 May",
      zone: "Australia/Sydney",
      session: session("c", "2026-05-31T20:00:00Z", "2026-05-31T22:00:00Z"),
      conflict: true,
    },
    // 1 June in Los Angeles is 1 June 07:00 – 2 June 07:00 UTC.
    {
      name: "Los Angeles day, session early UTC 1 June",
      zone: "America/Los_Angeles",
      session: session("d", "2026-06-01T02:00:00Z", "2026-06-01T06:00:00Z"),
      conflict: false,
    },
    {
      name: "Los Angeles day, evening there is next day UTC",
      zone: "America/Los_Angeles",
      session: session("e", "2026-06-02T03:00:00Z", "2026-06-02T05:00:00Z"),
      conflict: true,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const found = externalConflicts(
        [c.session],
        [allDay("2026-06-01", "2026-06-02")],
        c.zone,
        defaultConflictSettings,
      );
      expect(found.length).toBe(c.conflict ? 1 : 0);
      if (c.conflict)
        expect(found[0]).toMatchObject({ allDay: true, allDayStartDate: "2026-06-01", allDayEndDate: "2026-06-02" });
    });

  it("a DST day is 23 hours long: the all-day event ends at the next local midnight", () => {
    // Europe/London springs forward on 29 March 2026: the day runs 00:00Z – 23:00Z.
    const [hit] = externalConflicts(
      [session("dst", "2026-03-29T22:00:00Z", "2026-03-29T23:30:00Z")],
      [allDay("2026-03-29", "2026-03-30")],
      "Europe/London",
      defaultConflictSettings,
    );
    expect(hit!.end.toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(
      externalConflicts(
        [session("after", "2026-03-29T23:00:00Z", "2026-03-30T01:00:00Z")],
        [allDay("2026-03-29", "2026-03-30")],
        "Europe/London",
        defaultConflictSettings,
      ),
    ).toEqual([]);
  });

  it("a session across a DST change overlaps by instants, not wall clocks", () => {
    // New York falls back on 1 November 2026 at 02:00 EDT → 01:00 EST; 00:30–03:30 local is 4 hours.
    const night = session("night", "2026-11-01T04:30:00Z", "2026-11-01T08:30:00Z");
    const atRepeatedOneThirty = item("2026-11-01T06:30:00Z", "2026-11-01T06:45:00Z"); // 01:30 EST, the second one
    const justAfter = item("2026-11-01T08:30:00Z", "2026-11-01T09:00:00Z");
    expect(
      externalConflicts([night], [atRepeatedOneThirty, justAfter], "America/New_York", defaultConflictSettings),
    ).toHaveLength(1);
  });
});

describe("conflictsFor", () => {
  it("lists external and internal conflicts per session, internal ones labelled", () => {
    const s1 = session("s1", "2026-06-01T09:00:00Z", "2026-06-01T12:00:00Z");
    const s2 = session("s2", "2026-06-02T09:00:00Z", "2026-06-02T12:00:00Z");
    const found = conflictsFor(
      [s1, s2],
      [item("2026-06-02T10:00:00Z", "2026-06-02T11:00:00Z"), item("2026-06-01T11:00:00Z", "2026-06-01T13:00:00Z")],
      [
        {
          eventId: "e2",
          eventTitle: "Other course",
          lifecycle: "draft",
          start: iso("2026-06-01T08:00:00Z"),
          end: iso("2026-06-01T10:00:00Z"),
        },
      ],
      "UTC",
      defaultConflictSettings,
    );
    expect(found.map((c) => [c.sessionId, c.source, c.label])).toEqual([
      ["s1", "internal", "Internal booking (draft)"],
      ["s1", "external", "Busy · Organiser"],
      ["s2", "external", "Busy · Organiser"],
    ]);
  });
});

describe("availabilityState", () => {
  const now = iso("2026-06-01T12:00:00Z");
  const cases = [
    { status: "connected", lastPullAt: iso("2026-06-01T11:00:00Z"), failed: false, want: "synced" },
    { status: "syncing", lastPullAt: iso("2026-06-01T09:00:01Z"), failed: false, want: "synced" },
    { status: "connected", lastPullAt: iso("2026-06-01T08:59:59Z"), failed: false, want: "stale" },
    { status: "connected", lastPullAt: null, failed: false, want: "stale" },
    { status: "connected", lastPullAt: iso("2026-06-01T11:00:00Z"), failed: true, want: "failing" },
    { status: "reconnect_needed", lastPullAt: iso("2026-06-01T11:00:00Z"), failed: false, want: "failing" },
    { status: "disconnected", lastPullAt: iso("2026-06-01T11:00:00Z"), failed: false, want: "not_connected" },
    { status: null, lastPullAt: null, failed: false, want: "not_connected" },
  ] as const;
  for (const c of cases)
    it(`${c.status} ${c.lastPullAt?.toISOString() ?? "never"} ${c.failed ? "failed" : ""} → ${c.want}`, () =>
      expect(
        availabilityState({ connectionStatus: c.status, lastPullAt: c.lastPullAt, latestPullFailed: c.failed, now }),
      ).toBe(c.want));
});
