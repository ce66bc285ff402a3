/**
 * Full Private Mode asks Graph only for what it needs (issue 22 §4): the search of the mailbox for our tagged
 * entries (Removal's sweep, and Push's adoption at connect) selects ids and our extended property, never
 * `subject`. Witnessed by the emulator's log of requests and of the response bodies Graph sent back.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { calendarConnections } from "@/db/schema";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf } from "@/lib/sync/extended-property";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { discardJobs } from "@/lib/jobs/jobs";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { sweepOutlookEntries } from "./sweep-outlook-entries";

type LogEntry = { method: string; path: string; query: Record<string, string>; responseBody?: unknown };

let h: Harness;
let tenantId: string;
const domain = "private-search.example";
beforeAll(async () => {
  h = await createMicrosoftHarness({ emulatorConfig: { logResponseBodies: true } });
  h.ctx.jobs = discardJobs;
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Private Search Ltd", domain })).id;
});
afterAll(() => h.close());

it("finds our tagged entries by id and extended property only: no subject is asked for or sent back", async () => {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode: "full_private" });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  const client = h.ctx.graph!.forConnection({ id: connection!.id, homeAccountId: connection!.homeAccountId! });
  await client.createEvent({
    subject: "Booked: Confidential merger training",
    start: { dateTime: "2026-12-01T09:00:00", timeZone: "UTC" },
    end: { dateTime: "2026-12-01T17:00:00", timeZone: "UTC" },
    transactionId: crypto.randomUUID(),
    singleValueExtendedProperties: [
      { id: SYNC_KEY_PROPERTY_ID, value: syncKeyOf(crypto.randomUUID(), crypto.randomUUID()) },
    ],
  });

  const { runId } = await disconnectCalendar({ ctx: h.ctx, instructorId: instructor.id, by: "admin" });
  // The sweep joins its removal's run (the connection-run skeleton), as the removal job calls it.
  const swept = await sweepOutlookEntries({ ctx: h.ctx, input: { connectionId: connection!.id, runId } });
  expect(swept.outcome).toBe("swept");
  expect((await h.control<{ value: unknown[] }>("GET", `/users/${emulatorUserId}/events`)).value).toEqual([]);

  const log = (await h.control<{ value: LogEntry[] }>("GET", `/requests?userId=${emulatorUserId}&path=/v1.0/`)).value;
  const searches = log.filter(
    (e) => e.method === "GET" && (e.query.$filter ?? "").includes("singleValueExtendedProperties"),
  );
  expect(searches).toHaveLength(1);
  expect(searches[0]!.query.$select).toBe("id");
  const answered = JSON.stringify(searches.map((e) => e.responseBody));
  expect(answered).toContain('"id"');
  expect(answered).not.toContain("subject");
  expect(answered).not.toContain("Confidential");
});
