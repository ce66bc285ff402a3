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
  const runs = await request.get(`/api/v1/instructors/${instructorId}/sync-runs`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const list = (await runs.json()) as { data: { kind: string; trigger: string; status: string }[] };
  // The connection's push (of no bookings) is listed too; the pulls, newest first:
  expect(list.data.filter((r) => r.kind === "pull").map((r) => [r.trigger, r.status])).toEqual([
    ["manual", "succeeded"],
    ["connect", "succeeded"],
  ]);
});
