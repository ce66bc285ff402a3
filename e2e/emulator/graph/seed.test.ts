import { describe, expect, it } from "vitest";
import { demoInstructors } from "@/db/seed/demo-people";
import { calendarViewPage } from "./calendar-view";
import { renderEvent } from "./event-render";
import { GraphSchemaValidator } from "./schema-validator";
import { seedCalendars } from "./seed";

const NOW = Date.parse("2026-03-20T12:00:00Z");
const users = demoInstructors.map((p, i) => ({
  id: `user-${i}`,
  email: p.email,
  timeZone: p.timeZone,
  displayName: p.name,
}));

describe("seedCalendars", () => {
  const store = seedCalendars(users, NOW);

  it("gives every demo instructor the documented mix of Outlook items", () => {
    for (const mb of store.all()) {
      const events = [...mb.events.values()];
      const count = (pred: (e: (typeof events)[number]) => boolean) => events.filter(pred).length;
      expect(count((e) => e.type === "seriesMaster")).toBe(4);
      expect(count((e) => e.type === "exception")).toBe(1);
      expect(events.flatMap((e) => e.cancelledOccurrences)).toHaveLength(1);
      expect(count((e) => e.sensitivity === "private")).toBe(1);
      expect(count((e) => e.responseStatus.response === "declined" && !e.isOrganizer)).toBe(1);
      expect(count((e) => e.responseStatus.response === "tentativelyAccepted")).toBe(1);
      expect(count((e) => e.isCancelled)).toBe(1);
      expect(count((e) => e.showAs === "oof")).toBeGreaterThanOrEqual(2);
      expect(count((e) => e.showAs === "free")).toBeGreaterThanOrEqual(2);
      expect(count((e) => e.isAllDay && e.endMs - e.startMs > 2 * 86_400_000)).toBe(1);
      expect(count((e) => e.startTimeZone === "AUS Eastern Standard Time")).toBe(1);
      expect(count((e) => e.startMs < NOW - 7 * 86_400_000)).toBeGreaterThanOrEqual(1);
    }
  });

  it("is deterministic for the same seed and now", () => {
    const again = seedCalendars(users, NOW);
    const dump = (s: typeof store) =>
      s.all().map((mb) => [...mb.events.values()].map((e) => [e.id, e.subject, e.startMs, e.changeKey]));
    expect(dump(again)).toEqual(dump(store));
    const other = seedCalendars(users, NOW, { seed: "other" });
    expect(dump(other)).not.toEqual(dump(store));
  });

  it("renders schema-valid calendarView items across the next year", () => {
    const v = new GraphSchemaValidator();
    const mb = store.find(users[0]?.email ?? "");
    if (!mb) throw new Error("seeded mailbox missing");
    const page = calendarViewPage(mb, { startMs: NOW - 31 * 86_400_000, endMs: NOW + 365 * 86_400_000 }, { top: 1000 });
    expect(page.items.length).toBeGreaterThan(60);
    const types = new Set(page.items.map((e) => e.type));
    expect([...types].sort()).toEqual(["exception", "occurrence", "singleInstance"]);
    for (const ev of page.items) expect(v.validate("event", renderEvent(ev)).errors).toEqual([]);
  });
});

describe("directory bodies", () => {
  it("user and calendar validate against their schemas", async () => {
    const { renderCalendar, renderUser } = await import("./render-directory");
    const v = new GraphSchemaValidator();
    const mb = seedCalendars(users.slice(0, 1), NOW).all()[0];
    if (!mb) throw new Error("no mailbox");
    expect(renderUser(mb)).toMatchObject({
      displayName: "Amelia Hart",
      givenName: "Amelia",
      surname: "Hart",
      userPrincipalName: users[0]?.email,
    });
    expect(v.validate("user", renderUser(mb)).errors).toEqual([]);
    const cal = mb.calendars.get(mb.defaultCalendarId);
    if (!cal) throw new Error("no default calendar");
    expect(v.validate("calendar", renderCalendar(cal)).errors).toEqual([]);
    expect(v.validateCollection("calendarCollection", { value: [renderCalendar(cal)] }).valid).toBe(true);
    expect(v.validate("calendar", { ...renderCalendar(cal), color: "plaid" }).valid).toBe(false);
  });
});
