import { expect, test, type Page } from "@playwright/test";
import { signInAsDemoAdmin } from "./fixtures/admin";
import { connectLink, createApiKey, createInstructor, outboxFor } from "./fixtures/api";
import { createTenantWithUsers, emulatorControl } from "./fixtures/emulator";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/screenshots/pull-${name}.png`, fullPage: true });

const DAY = 86_400_000;
const at = (days: number, hour: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + hour * 3_600_000).toISOString().slice(0, 19);

test("an admin clicks Sync Calendar and watches the counts arrive; /busy shows the events", async ({
  page,
  browser,
  request,
}) => {
  test.slow(); // four pulls, a held round and its confirmation, two pages: more than the default minute
  const org = await createTenantWithUsers({ label: "contoso-pull", count: 1 });
  const person = org.users[0]!;
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  const { id: instructorId } = await createInstructor(request, key, { name: person.name, email: person.email });

  await page.goto("/control-panel/calendar-integration");
  await page.getByLabel("Search instructors").fill(org.domain);
  const row = page.getByTestId("integration-row").filter({ hasText: person.email });
  await row.getByLabel(`Select ${person.name}`).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("1 invitation sent.");

  const [mail] = await outboxFor(request, person.email);
  const instructor = await (await browser.newContext()).newPage();
  await instructor.goto(connectLink(mail!));
  await instructor.getByRole("button", { name: "Next: choose your privacy" }).click();
  await instructor.getByLabel(/Default Privacy Mode/).check();
  await instructor.getByRole("button", { name: "Next: connect" }).click();
  await instructor.getByRole("button", { name: "Connect Microsoft 365" }).click();
  await instructor.getByRole("button", { name: "Sign in" }).click();
  await instructor.getByRole("button", { name: "Accept" }).click();
  await expect(instructor.getByRole("heading", { name: "Your calendar is connected" })).toBeVisible();

  // The first pull runs by itself right after connecting: an empty calendar.
  const progress = row.getByTestId("pull-progress");
  await expect(progress).toHaveText("Done: 0 added, 0 updated, 0 removed", { timeout: 20_000 });

  // The instructor's Outlook fills up; the admin asks for a sync.
  await emulatorControl("POST", `/users/${person.id}/events`, {
    subject: "Team offsite",
    start: { dateTime: at(2, 9), timeZone: "UTC" },
    end: { dateTime: at(2, 17), timeZone: "UTC" },
  });
  await emulatorControl("POST", `/users/${person.id}/events`, {
    subject: "Doctor",
    sensitivity: "private",
    start: { dateTime: at(3, 8), timeZone: "UTC" },
    end: { dateTime: at(3, 9), timeZone: "UTC" },
  });
  await emulatorControl("POST", `/users/${person.id}/events`, {
    subject: "Holiday",
    isAllDay: true,
    showAs: "oof",
    start: { dateTime: `${at(5, 0).slice(0, 10)}T00:00:00`, timeZone: "UTC" },
    end: { dateTime: `${at(7, 0).slice(0, 10)}T00:00:00`, timeZone: "UTC" },
  });
  await emulatorControl("POST", "/clock", { advanceSeconds: 2 }); // past the realistic profile's replication lag

  await row.getByLabel(`Select ${person.name}`).check();
  await page.getByRole("button", { name: "Sync Calendar" }).click();
  await expect(page.getByRole("status")).toHaveText("1 calendar sync queued.");
  await expect(progress).toHaveText("Done: 3 added, 0 updated, 0 removed", { timeout: 20_000 });
  // The health column: connected, last and next sync, what the mirror holds.
  await expect(row.getByTestId("health")).toHaveAttribute("data-health", "connected");
  await expect(row.getByTestId("health")).toHaveText("Connected");
  await expect(row.getByTestId("mirror-counts")).toHaveText("3 mirrored1 private");
  await expect(row.getByTestId("sync-times")).not.toContainText("Last —");
  await expect(row.getByTestId("sync-times")).toContainText(/Next (\d{1,2} \w{3}, )?\d\d:00/); // after 23:00 the next hour is tomorrow
  await page.setViewportSize({ width: 1400, height: 900 });
  // The table fits the page at 1400 px: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
  await shot(page, "01-sync-calendar-done");

  const busy = await request.get(`/api/v1/instructors/${instructorId}/busy?from=${at(0, 0)}Z&to=${at(30, 0)}Z`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(busy.status()).toBe(200);
  const { data } = (await busy.json()) as { data: { title: string | null; allDay: boolean; private: boolean }[] };
  expect(data.map((b) => [b.title, b.allDay, b.private])).toEqual([
    ["Team offsite", false, false],
    [null, false, true],
    ["Holiday", true, false],
  ]);

  // The instructor clears most of their calendar: the round that would remove 6 of 7 events is held.
  for (const [i, subject] of ["Course prep", "Review", "1:1", "Planning"].entries())
    await emulatorControl("POST", `/users/${person.id}/events`, {
      subject,
      start: { dateTime: at(10 + i, 9), timeZone: "UTC" },
      end: { dateTime: at(10 + i, 10), timeZone: "UTC" },
    });
  await emulatorControl("POST", "/clock", { advanceSeconds: 2 });
  await row.getByLabel(`Select ${person.name}`).check();
  await page.getByRole("button", { name: "Sync Calendar" }).click();
  await expect(progress).toHaveText("Done: 4 added, 0 updated, 0 removed", { timeout: 20_000 });
  const inOutlook = (
    await emulatorControl<{ value: { id: string; subject: string }[] }>("GET", `/users/${person.id}/events`)
  ).value;
  for (const event of inOutlook.filter((e) => e.subject !== "Team offsite"))
    await emulatorControl("DELETE", `/users/${person.id}/events/${encodeURIComponent(event.id)}`);
  await emulatorControl("POST", "/clock", { advanceSeconds: 2 });
  await row.getByLabel(`Select ${person.name}`).check();
  await page.getByRole("button", { name: "Sync Calendar" }).click();
  const health = row.getByTestId("health");
  await expect(health).toHaveAttribute("data-health", "held", { timeout: 20_000 });
  await expect(health).toContainText("Held: would remove 6 of 7 mirrored events");
  await expect(row.getByTestId("mirror-counts")).toHaveText("7 mirrored1 private"); // nothing applied
  await shot(page, "02-held-round");

  // The instructor's page: the sync log, newest first, with the held round and its Confirm button.
  await row.getByRole("link", { name: person.name }).click();
  const log = page.getByTestId("sync-log");
  // Change notifications may add their own (also held) pulls around the manual one: look for the manual one.
  await expect(
    log.getByTestId("sync-log-row").filter({ hasText: "Held" }).filter({ hasText: "Manual" }),
  ).not.toHaveCount(0);
  await expect(page.getByTestId("held-notice")).toContainText("Held: would remove 6 of 7 mirrored events");
  await expect(log.getByTestId("sync-log-row").filter({ hasText: "Connect" }).first()).toContainText("Succeeded");
  await shot(page, "03-sync-log-held");
  await page.getByTestId("held-notice").getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("held-notice")).toBeHidden({ timeout: 20_000 });
  await page.goBack();
  await page.getByLabel("Search instructors").fill(org.domain);
  await expect(row.getByTestId("mirror-counts")).toHaveText("1 mirrored", { timeout: 20_000 });
  await expect(row.getByTestId("health")).toHaveAttribute("data-health", "connected");

  const runs = await request.get(`/api/v1/instructors/${instructorId}/sync-runs`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const list = (await runs.json()) as {
    data: { kind: string; trigger: string; status: string; error: string; counts: { removed: number } }[];
  };
  // The connection's push (of no bookings) is listed too, and pulls started by change notifications; the
  // other pulls, newest first (the UI and the API are "manual"), the confirmed one applying the 6 removals:
  const pulls = list.data.filter((r) => r.kind === "pull" && r.trigger !== "notification");
  expect(pulls[0]?.counts.removed).toBe(6);
  expect(pulls.map((r) => [r.trigger, r.status])).toEqual([
    ["manual", "succeeded"],
    ["manual", "failed"],
    ["manual", "succeeded"],
    ["manual", "succeeded"],
    ["connect", "succeeded"],
  ]);
  expect(list.data.find((r) => r.status === "failed")?.error).toMatch(/^Held: this round would remove 6 of 7/);

  await page.goto(`/control-panel/calendar-integration/${instructorId}`);
  await expect(page.getByTestId("sync-log-row").first()).toContainText("Succeeded");
  await shot(page, "04-sync-log");
});
