import { expect, test } from "@playwright/test";
import { signInAsDemoAdmin } from "./fixtures/admin";

test("an admin creates a two-session event in New York time and sees it listed at New York times", async ({ page }) => {
  await signInAsDemoAdmin(page);

  const title = `Leadership Essentials ${Date.now().toString(36)}`;
  await page.getByRole("link", { name: "New event" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Course code").fill("LDR-NY1");
  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("Location").selectOption({ label: "New York Campus" });
  await expect(page.getByTestId("sessions-zone")).toHaveText("Dates and times are in America/New_York.");

  await page.getByLabel("Session 1 date").fill("2027-01-12");
  await page.getByLabel("Session 1 start time").fill("09:00");
  await page.getByLabel("Session 1 end time").fill("17:00");
  await page.getByRole("button", { name: "Add session" }).click();
  await page.getByLabel("Session 2 name").fill("Day 2");
  await page.getByLabel("Session 2 date").fill("2027-01-13");
  await page.getByLabel("Session 2 start time").fill("13:30");
  await page.getByLabel("Session 2 end time").fill("17:00");
  await page.getByRole("button", { name: "Create event" }).click();

  await expect(page.getByRole("status")).toHaveText("Event created.");
  await page.goto(`/events?view=all&q=${encodeURIComponent(title)}`);
  const row = page.getByTestId("event-row").filter({ hasText: title });
  await expect(row).toContainText("Tue 12 Jan 2027, 09:00–17:00 EST");
  await expect(row).toContainText("Day 2: Wed 13 Jan 2027, 13:30–17:00 EST");
  await expect(row).toContainText("America/New_York");
  await page.screenshot({ path: "e2e/screenshots/smoke-event-listed-in-new-york-time.png", fullPage: true });

  // Editing shows the times back as typed, in the event's zone.
  await row.getByRole("link", { name: title }).click();
  await expect(page.getByLabel("Session 2 start time")).toHaveValue("13:30");
  await expect(page.getByLabel("Session 1 date")).toHaveValue("2027-01-12");
});

test("a visitor who is not signed in is sent to the sign-in page", async ({ page }) => {
  await page.goto("/events/new");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel("Email")).toBeVisible();
});
