import { describe, expect, it } from "vitest";
import { contentHash } from "./content-hash";
import { parseSyncKey, SYNC_KEY_PROPERTY_ID } from "./extended-property";
import { buildPushContent, PUSH_CATEGORY, transactionIdFor, type PushContentInput } from "./push-content";

const A = "0b6f3c1e-1111-4c1a-9d2e-000000000001";
const S1 = "5a0c9e8d-2222-4b3c-8d4e-000000000001";
const S2 = "5a0c9e8d-2222-4b3c-8d4e-000000000002";
const S3 = "5a0c9e8d-2222-4b3c-8d4e-000000000003";
const ME = "9f1e2d3c-3333-4a5b-8c6d-000000000001";

/** A three-day course in New York, 09:00–17:00 EST each day, for an instructor who lives in London. */
function course(overrides: Partial<PushContentInput["event"]> = {}, sessionId = S2): PushContentInput {
  return {
    appUrl: "https://training.example.com/",
    assignmentId: A,
    instructor: { id: ME, name: "Ada Lovelace", timeZone: "Europe/London" },
    sessionId,
    event: {
      id: "e0000000-4444-4d5e-9f00-000000000001",
      title: "Advanced Rigging",
      courseCode: "RIG-301",
      description: "Bring gloves.\nLunch provided.",
      timeZone: "America/New_York",
      location: { name: "Boston Office", address: "1 Main St, Boston MA" },
      venue: { name: "Room 4" },
      virtualMeeting: { provider: "zoom", joinUrl: "https://zoom.us/j/123?pwd=a&b=c" },
      sessions: [
        { id: S1, name: null, startsAt: new Date("2026-12-01T14:00:00Z"), endsAt: new Date("2026-12-01T22:00:00Z") },
        { id: S2, name: null, startsAt: new Date("2026-12-02T14:00:00Z"), endsAt: new Date("2026-12-02T22:00:00Z") },
        {
          id: S3,
          name: "Assessment",
          startsAt: new Date("2026-12-03T14:00:00Z"),
          endsAt: new Date("2026-12-03T22:00:00Z"),
        },
      ],
      resources: [
        { name: "Harness", quantity: 12 },
        { name: "Projector", quantity: 1 },
      ],
      personnel: [
        { instructorId: ME, name: "Ada Lovelace", role: "lead" },
        { instructorId: "9f1e2d3c-3333-4a5b-8c6d-000000000002", name: "Grace Hopper", role: "co-instructor" },
      ],
      ...overrides,
    },
  };
}

describe("buildPushContent", () => {
  it("builds a multi-session New York entry for a London instructor", () => {
    const content = buildPushContent(course());

    expect(content.subject).toBe("Advanced Rigging (session 2 of 3)");
    expect(content.start).toEqual({ dateTime: "2026-12-02T09:00:00", timeZone: "Eastern Standard Time" });
    expect(content.end).toEqual({ dateTime: "2026-12-02T17:00:00", timeZone: "Eastern Standard Time" });
    expect(content.location).toEqual({
      displayName: "Room 4, Boston Office",
      address: { street: "1 Main St, Boston MA" },
      locationUri: "https://zoom.us/j/123?pwd=a&b=c",
    });
    expect(content).toMatchObject({
      isOnlineMeeting: false,
      showAs: "busy",
      categories: [PUSH_CATEGORY],
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
      attendees: [],
      isAllDay: false,
    });
    expect(content.singleValueExtendedProperties).toEqual([{ id: SYNC_KEY_PROPERTY_ID, value: `${A}/${S2}` }]);
    expect(parseSyncKey(content.singleValueExtendedProperties[0]!.value)).toEqual({ assignmentId: A, sessionId: S2 });
    expect(content).not.toHaveProperty("transactionId");

    const html = content.body!.content!;
    expect(content.body!.contentType).toBe("html");
    expect(html).toContain("<strong>When:</strong> Wed 2 Dec 2026, 09:00–17:00 EST");
    expect(html).toContain("<strong>Your time:</strong> Wed 2 Dec 2026, 14:00–22:00 GMT");
    expect(html).toContain("<strong>Where:</strong> Room 4, Boston Office, 1 Main St, Boston MA");
    expect(html).toContain('<a href="https://zoom.us/j/123?pwd=a&amp;b=c"');
    expect(html).toContain("Join Zoom meeting</a>");
    expect(html).toContain("<li>Grace Hopper (Co-instructor)</li>");
    expect(html).not.toContain("Ada Lovelace (Lead)"); // only the others
    expect(html).toContain("<strong>Your role:</strong> Lead");
    expect(html).toContain(">https://zoom.us/j/123?pwd=a&amp;b=c</span>"); // the URL printed, for pasting
    expect(html).toContain("<li>Harness &times; 12</li><li>Projector &times; 1</li>");
    expect(html).toContain("Course code RIG-301");
    expect(html).toContain("Bring gloves.<br>Lunch provided.");
    expect(html).toContain('<a href="https://training.example.com/events/e0000000-4444-4d5e-9f00-000000000001">');
    expect(html).toContain("managed by the training platform");
    expect(html).toContain("overwritten");
  });

  it("names a named session, leaves a single session's title alone, and omits 'your time' when the clocks agree", () => {
    expect(buildPushContent(course({}, S3)).subject).toBe("Advanced Rigging (Assessment)");
    const single = course({ sessions: [course().event.sessions[0]!] }, S1);
    expect(buildPushContent(single).subject).toBe("Advanced Rigging");

    const local = course();
    local.instructor = { ...local.instructor, timeZone: "America/Detroit" }; // another name, the same clock
    expect(buildPushContent(local).body!.content).not.toContain("Your time");
  });

  it("carries the event's zone across a DST change: the wall clock stays, the instant moves", () => {
    const march = course({
      sessions: [
        { id: S1, name: null, startsAt: new Date("2026-03-06T14:00:00Z"), endsAt: new Date("2026-03-06T22:00:00Z") },
        { id: S2, name: null, startsAt: new Date("2026-03-09T13:00:00Z"), endsAt: new Date("2026-03-09T21:00:00Z") },
      ],
    });
    const content = buildPushContent(march);
    expect(content.start).toEqual({ dateTime: "2026-03-09T09:00:00", timeZone: "Eastern Standard Time" });
    expect(content.body!.content).toContain("<strong>Your time:</strong> Mon 9 Mar 2026, 13:00–21:00 GMT");
  });

  it("sends a zone Windows does not name as UTC, never as an IANA name Graph may refuse", () => {
    const base = course();
    const troll = buildPushContent({ ...base, event: { ...base.event, timeZone: "Antarctica/Troll" } });
    expect(troll.start).toEqual({ dateTime: "2026-12-02T14:00:00", timeZone: "UTC" });
    const london = buildPushContent({ ...base, event: { ...base.event, timeZone: "Europe/London" } });
    expect(london.start).toEqual({ dateTime: "2026-12-02T14:00:00", timeZone: "GMT Standard Time" });
  });

  it("places a virtual-only event at its meeting, and a Teams link gets the Teams button", () => {
    const content = buildPushContent(
      course({
        location: null,
        venue: null,
        virtualMeeting: { provider: "teams", joinUrl: "https://teams.microsoft.com/l/meetup-join/abc" },
      }),
    );
    expect(content.location).toEqual({
      displayName: "Microsoft Teams meeting",
      locationUri: "https://teams.microsoft.com/l/meetup-join/abc",
    });
    expect(content.isOnlineMeeting).toBe(false);
    expect(content.body!.content).toContain("Join Microsoft Teams meeting</a>");
    expect(content.body!.content).not.toContain("Where:");
  });

  it("refuses a session that is not the event's", () => {
    expect(() => buildPushContent(course({}, "5a0c9e8d-2222-4b3c-8d4e-00000000000f"))).toThrow(RangeError);
  });
});

describe("escaping", () => {
  const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>'&`;

  it("escapes every value that reaches the HTML body", () => {
    const input = course({
      title: hostile,
      courseCode: hostile,
      description: hostile,
      location: { name: hostile, address: hostile },
      venue: { name: hostile },
      resources: [{ name: hostile, quantity: 2 }],
      personnel: [
        { instructorId: ME, name: "Me", role: "lead" },
        { instructorId: "other", name: hostile, role: hostile },
      ],
    });
    input.appUrl = `https://training.example.com/"><script>`;
    const html = buildPushContent(input).body!.content!;

    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>|"x"/);
    expect(html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;",
    );
    // The subject is plain text in Outlook: kept as typed, never interpreted.
    expect(buildPushContent(input).subject).toBe(`${hostile} (session 2 of 3)`);
  });

  it.each([
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/join",
    "https://user:pass@evil.example/join",
    "not a url",
  ])("refuses the join link %s: no button, no locationUri", (joinUrl) => {
    const content = buildPushContent(course({ virtualMeeting: { provider: "custom", joinUrl } }));
    expect(content.body!.content).not.toContain("Join online meeting");
    expect(content.body!.content).not.toMatch(/javascript:|data:|vbscript:|evil\.example/i);
    expect(content.location).not.toHaveProperty("locationUri");
  });

  it("escapes a join link's quotes and angle brackets inside the href", () => {
    const content = buildPushContent(
      course({
        virtualMeeting: { provider: "custom", joinUrl: `https://meet.example/x?a="><script>alert(1)</script>` },
      }),
    );
    const html = content.body!.content!;
    expect(html).not.toContain("<script>");
    expect(html).toMatch(/<a href="https:\/\/meet\.example\/x\?a=[^"<>]*"/);
  });
});

describe("transactionIdFor", () => {
  it("is a GUID, the same for the same (assignment, session, generation), different otherwise", () => {
    const id = transactionIdFor(A, S1, 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(transactionIdFor(A.toUpperCase(), S1, 1)).toBe(id);
    expect(new Set([id, transactionIdFor(A, S1, 2), transactionIdFor(A, S2, 1), transactionIdFor(S1, A, 1)]).size).toBe(
      4,
    );
  });
});

describe("content hashes of entries", () => {
  it("are stable for the same input and move with any visible change", () => {
    const base = contentHash(buildPushContent(course()));
    expect(contentHash(buildPushContent(course()))).toBe(base);
    const changed = [
      course({ title: "Advanced Rigging II" }),
      course({ description: "Bring boots." }),
      course({ resources: [{ name: "Harness", quantity: 13 }] }),
      course({
        personnel: [...course().event.personnel, { instructorId: "x", name: "Alan Turing", role: "assistant" }],
      }),
      course({ virtualMeeting: { provider: "zoom", joinUrl: "https://zoom.us/j/456" } }),
    ];
    for (const input of changed) expect(contentHash(buildPushContent(input))).not.toBe(base);
  });
});
