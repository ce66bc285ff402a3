import { expect, test, type Page } from "@playwright/test";
import { signInAsDemoAdmin } from "./fixtures/admin";
import { createApiKey, createInstructor } from "./fixtures/api";
import { inviteAndConnect } from "./fixtures/connect";
import { createTenantWithUsers } from "./fixtures/emulator";

/** Issue 21, items 1, 2, 5, 10 and 11: statuses that update themselves, one figure everywhere, the instructor page. */

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/screenshots/live-${name}.png`, fullPage: true });

// The admin's browser is in New York: every page must draw in that zone from the server, and say so.
test.use({ timezoneId: "America/New_York" });

const day = (days: number, hour: number) =>
  new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + days, hour))
    .toISOString()
    .slice(0, 19);

test("push status turns to In Outlook within 5 s of Assign, without a reload", async ({ page, browser, request }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const org = await createTenantWithUsers({ label: "contoso-live", count: 1 });
  const person = org.users[0]!;
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  const instructor = await createInstructor(request, key, { name: person.name, email: person.email });
  await inviteAndConnect({ page, browser, request }, person, org.domain);

  const created = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      title: `Live status ${Date.now().toString(36)}`,
      lifecycle: "active",
      timeZone: "Europe/London",
      sessions: [{ start: day(20, 9), end: day(20, 17) }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id: eventId } = (await created.json()) as { id: string };

  await page.goto(`/events/${eventId}`);
  // Reloads would reset this marker: it proves the status changed on the page the admin is looking at.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const candidate = page.getByTestId("candidate-row").filter({ hasText: person.email });
  await candidate.getByRole("button", { name: `Assign ${person.name}` }).click();
  const assignedAt = Date.now();
  await expect(page.getByRole("status").filter({ hasText: "Assigned" })).toHaveText(`Assigned ${person.name}.`);
  const booked = page.getByTestId("assigned-row").filter({ hasText: person.name });
  await expect(booked.getByTestId("push-status")).toContainText("In Outlook", { timeout: 5_000 });
  console.log(`live: "In Outlook" on the event page ${Date.now() - assignedAt} ms after Assign, without a reload`);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // Calendar Integration: the status bar counts every status and filters the table by one.
  await page.goto("/control-panel/calendar-integration");
  const bar = page.getByTestId("status-bar");
  await expect(bar.getByRole("button", { name: /^All \d+$/ })).toHaveAttribute("aria-pressed", "true");
  const connectedChip = bar.getByRole("button", { name: /^Connected \d+$/ });
  await expect(connectedChip).toBeVisible();
  const notInvitedChip = bar.getByRole("button", { name: /^Not invited \d+$/ });
  const notInvited = Number((await notInvitedChip.textContent())!.match(/(\d+)$/)![1]);
  await notInvitedChip.click();
  await expect(notInvitedChip).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("integration-row")).toHaveCount(notInvited);
  for (const health of await page.getByTestId("health").all())
    await expect(health).toHaveAttribute("data-health", "not_invited");
  await connectedChip.click();
  const row = page.getByTestId("integration-row").filter({ hasText: person.email });
  await expect(row.getByTestId("push-counts")).toHaveText("1 pushed");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await shot(page, "01-calendar-integration-status-bar");

  // The instructor page: its header reads the table's row, so the figures are the same.
  const tableMirrored = (await row.getByTestId("mirror-counts").textContent())!.match(/^(\d+) mirrored/)![1];
  const tableLast = (await row.getByTestId("sync-times").textContent())!;
  await row.getByRole("link", { name: person.name }).click();
  const header = page.getByTestId("instructor-header");
  await expect(header).toHaveAttribute("data-health", "connected");
  await expect(header.getByTestId("microsoft-account")).toHaveText(person.email);
  await expect(header).toContainText("Default Privacy Mode");
  await expect(header.getByTestId("instructor-counts")).toContainText(`${tableMirrored} mirrored`);
  await expect(header.getByTestId("instructor-counts")).toContainText("1 pushed");
  const lastClock = (await header.getByTestId("last-synced").textContent())!.match(/\d\d:\d\d/)![0];
  expect(tableLast).toContain(lastClock);
  await expect(header.getByRole("button", { name: "Sync now" })).toBeEnabled();
  await expect(header.getByRole("button", { name: "Remove Calendar" })).toBeVisible();
  // The 24-hour strip: the connect pull and the booking's push, in the current hour.
  await expect(page.getByTestId("health-strip-panel")).toContainText("times in America/New_York");
  await expect(page.locator("#sync-log")).toContainText("times in America/New_York");
  const strip = page.getByTestId("health-strip");
  await expect(strip.locator("li")).toHaveCount(24);
  expect(Number(await strip.locator("li").last().getAttribute("data-total"))).toBeGreaterThanOrEqual(2);

  // Sync now: the header follows the pull live (Syncing, then Connected) and the log gains the run.
  // (The booking's push is "Manual" too: an admin asked for it.)
  // Other pulls may land meanwhile (the booking's entry in Outlook sends a change notification), so the log is
  // judged by its manual pull, not by a count of rows.
  const manualPulls = page
    .getByTestId("sync-log-row")
    .and(page.locator('[data-kind="pull"]'))
    .filter({ hasText: "Manual" });
  await expect(manualPulls).toHaveCount(0);
  await header.getByRole("button", { name: "Sync now" }).click();
  await expect(header.getByRole("status")).toHaveText("Sync queued.");
  await expect(manualPulls).toHaveCount(1, { timeout: 20_000 });
  await expect(manualPulls).toContainText("Succeeded", { timeout: 20_000 });
  await expect(header).toHaveAttribute("data-health", "connected");
  await page.getByText("Last 24 hours").scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "e2e/screenshots/live-02-instructor-page.png" });
  await shot(page, "03-instructor-page-full");

  // Availability and the Scheduler: the first paint is already in the admin's zone (no redirect, no redraw).
  for (const path of ["/availability", "/scheduler"]) {
    const response = await page.goto(path);
    // The zone named in the heading's sentence (the zone picker lists every zone, so look at the sentence).
    const html = (await response!.text()).replaceAll("<!-- -->", "");
    expect(html).toMatch(/(hour by hour|events,) in\s+America\/New_York/);
    expect(new URL(page.url()).search).toBe("");
  }

  // Instructors › edit links to it.
  await page.goto(`/instructors/${instructor.id}`);
  await page.getByRole("link", { name: /Calendar connection/ }).click();
  await expect(page.getByTestId("instructor-header")).toBeVisible();
});
