/**
 * The Connect wizard's error paths end on pages that explain and offer the way back, never a bare 500: an
 * invitation whose previous connection is still being removed (the wizard page, and the sign-in's start), and
 * whatever a Connect route throws (busy → "try again in a minute", a bug → "something went wrong on our side").
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { desc, eq, sql } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "calendar-sync-connect-problems-"));

const { getDb } = await import("@/db/client");
const { calendarConnections, sentEmails } = await import("@/db/schema");
const { testContext } = await import("@/lib/testing/test-context");
const { makeInstructor } = await import("@/db/testing/factories");
const { linksIn } = await import("@/lib/mail/render");
const { tokenFromLink } = await import("@/lib/testing/microsoft-harness");
const { sendInvitations } = await import("@/lib/services/connect/send-invitations");
const { disconnectCalendar } = await import("@/lib/services/connect/disconnect-calendar");
const { withProblemPage } = await import("@/lib/connect/problem-redirect");
const startRoute = await import("./[token]/start/route");
const { default: ConnectPage } = await import("./[token]/page");
const { default: ProblemPage } = await import("./problem/page");

const db = await getDb();
const ctx = testContext({ db });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** An instructor with a reconnect link out, whose calendar an admin then removed (the removal job not run). */
async function invitedThenRemoved() {
  const instructor = await makeInstructor(ctx);
  await db.insert(calendarConnections).values({
    instructorId: instructor.id,
    status: "reconnect_needed",
    privacyMode: "default",
  });
  await sendInvitations({ ctx, input: { instructorIds: [instructor.id] } });
  const [mail] = await db
    .select()
    .from(sentEmails)
    .where(eq(sentEmails.to, instructor.email))
    .orderBy(desc(sentEmails.sentAt))
    .limit(1);
  const token = tokenFromLink(linksIn(mail!.html!).find((l) => l.includes("/connect/"))!);
  await disconnectCalendar({ ctx, instructorId: instructor.id, by: "admin" });
  return token;
}

it("the wizard says the previous connection is still being removed, with a link to try again", async () => {
  const token = await invitedThenRemoved();
  const html = renderToStaticMarkup(await ConnectPage({ params: Promise.resolve({ token }) }));
  expect(text(html)).toContain("Your previous calendar connection is still being removed");
  expect(text(html)).toContain("This usually takes a minute. Try again shortly");
  expect(html).toContain(`data-code="previous_connection_removing"`);
  expect(html).toContain(`href="/connect/${token}"`);
});

it("a sign-in started on the wizard anyway (a page open from before) ends on that page, not at Microsoft", async () => {
  const token = await invitedThenRemoved();
  const form = new URLSearchParams({ privacyMode: "default" });
  const response = await startRoute.POST(
    new Request(`http://localhost:3000/connect/${token}/start`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    }),
    { params: Promise.resolve({ token }) },
  );
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location")!);
  expect(location.pathname).toBe("/connect/problem");
  expect(Object.fromEntries(location.searchParams)).toEqual({
    code: "previous_connection_removing",
    retry: `/connect/${token}`,
  });

  const page = renderToStaticMarkup(
    await ProblemPage({ searchParams: Promise.resolve(Object.fromEntries(location.searchParams)) }),
  );
  expect(text(page)).toContain("Your previous calendar connection is still being removed");
  expect(page).toContain(`href="/connect/${token}"`);
  expect(text(page)).toContain("Try again");
});

it("a Connect route that throws ends on a problem page: busy when the database is, else our fault", async () => {
  const closed = new PGlite();
  const closedDb = drizzle({ client: closed });
  await closed.close();
  const busy = withProblemPage(async () => {
    await closedDb.execute(sql`select 1`);
    return new Response("unreachable");
  });
  const buggy = withProblemPage(async (): Promise<Response> => {
    throw new TypeError("Cannot read properties of undefined");
  });
  const request = new Request("http://localhost:3000/api/microsoft/callback?state=x");
  for (const [handler, code] of [
    [busy, "busy"],
    [buggy, "unexpected"],
  ] as const) {
    const response = await handler(request);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://localhost:3000/connect/problem?code=${code}`);
  }
  expect(text(renderToStaticMarkup(await ProblemPage({ searchParams: Promise.resolve({ code: "busy" }) })))).toContain(
    "We are busy right now",
  );
});
