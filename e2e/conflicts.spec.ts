import { expect, test } from "@playwright/test";
import { demoAdmin } from "../db/seed/demo-people";
import { signInAsDemoAdmin } from "./fixtures/admin";
import { freeNewYorker, londonWithPrivateAppointment, staleCalendar } from "./fixtures/conflict-people";

test("a London instructor's private appointment shows as a conflict on a New York event, and booking her asks first", async ({
  page,
}) => {
  await signInAsDemoAdmin(page);
  const title = `Negotiation Skills ${Date.now().toString(36)}`;
  await page.getByRole("link", { name: "New event" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("Location").selectOption({ label: "New York Campus" });
  await page.getByLabel("Session 1 date").fill("2027-01-12");
  await page.getByLabel("Session 1 start time").fill("09:00");
  await page.getByLabel("Session 1 end time").fill("17:00");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByRole("status")).toHaveText("Event created.");

  const candidates = page.getByTestId("candidate-list");
  const lena = candidates.getByTestId("candidate-row").filter({ hasText: londonWithPrivateAppointment.name });
  await expect(lena.getByTestId("calendar-icon")).toHaveAttribute("data-state", "synced");
  // The icon is a button: its popover says what it stands for, for keyboard and touch alike.
  await lena.getByTestId("calendar-icon").focus();
  await page.keyboard.press("Enter");
  const popover = lena.getByTestId("calendar-popover");
  await expect(popover).toBeVisible();
  await expect(popover).toContainText("Default Privacy Mode");
  await expect(popover).toContainText("Last synced");
  await expect(popover).toContainText("1 conflict with this event");
  await page.keyboard.press("Escape");
  await expect(popover).toBeHidden();
  await expect(lena.getByTestId("conflict-badge")).toHaveText("1");
  await lena.getByTestId("conflict-badge").click();
  const conflict = lena.getByTestId("conflict-list").locator("li");
  await expect(conflict).toContainText("Private");
  await expect(conflict).toContainText("Tue 12 Jan 2027, 10:00–11:00 EST");
  await expect(conflict).toContainText("Their time: Tue 12 Jan 2027, 15:00–16:00 GMT");
  await expect(conflict).toContainText("Busy · Organiser");
  // Above the list, the session's mini-timeline with the conflict placed on it.
  const timeline = lena.getByRole("region", { name: /^Session 1 · Tue 12 Jan 2027, 09:00–17:00 EST/ });
  await expect(timeline.locator(".mini-conflict")).toHaveText("Private");

  // A calendar four hours behind is "unknown", never free; someone without a calendar too.
  const sofia = candidates.getByTestId("candidate-row").filter({ hasText: staleCalendar.name });
  await expect(sofia.getByTestId("calendar-icon")).toHaveAttribute("data-state", "stale");
  await sofia.getByTestId("calendar-icon").click();
  await expect(sofia.getByTestId("calendar-popover")).toContainText("Availability unknown");
  await sofia.getByTestId("calendar-popover").getByRole("button", { name: "Close" }).click();
  await expect(sofia).toContainText("Unknown");
  const noah = candidates.getByTestId("candidate-row").filter({ hasText: freeNewYorker.name });
  await expect(noah).toContainText("Free");

  await page.getByLabel("Available only").check();
  await expect(noah).toBeVisible();
  await expect(lena).toBeHidden();
  await expect(sofia).toBeHidden();
  await page.getByLabel("Available only").uncheck();
  await lena.getByTestId("conflict-badge").click();
  await expect(lena.getByTestId("conflict-list")).toContainText("Their time");
  await page
    .locator("section.panel")
    .filter({ has: candidates })
    .screenshot({ path: "e2e/screenshots/conflicts-assignment-panel.png" });

  await lena.getByRole("button", { name: `Assign ${londonWithPrivateAppointment.name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Confirm assigning ${londonWithPrivateAppointment.name}` });
  await expect(confirm).toContainText("has 1 conflict with this event. Assign anyway?");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("assigned-row")).toHaveCount(0);

  await lena.getByRole("button", { name: `Assign ${londonWithPrivateAppointment.name}` }).click();
  await confirm.getByRole("button", { name: "Assign anyway" }).click();
  const booked = page.getByTestId("assigned-row").filter({ hasText: londonWithPrivateAppointment.name });
  await expect(booked.getByTestId("conflict-override")).toContainText(
    `Assigned despite 1 conflict, confirmed by ${demoAdmin.name}`,
  );
  await noah.getByRole("button", { name: `Assign ${freeNewYorker.name}` }).click();
  await expect(page.getByTestId("assigned-row").filter({ hasText: freeNewYorker.name })).toBeVisible();
  // Focus goes to what happened, not back to the top of the page.
  await expect(page.getByTestId("assign-outcome")).toBeFocused();
  await page.screenshot({ path: "e2e/screenshots/conflicts-assigned-with-override.png", fullPage: true });

  // Removing a booking names whom it removes and asks first: it deletes Outlook entries.
  const noahBooked = page.getByTestId("assigned-row").filter({ hasText: freeNewYorker.name });
  await noahBooked.getByRole("button", { name: `Remove ${freeNewYorker.name}` }).click();
  const removing = page.getByRole("alertdialog", { name: `Confirm removing ${freeNewYorker.name}` });
  await expect(removing).toBeFocused();
  await removing.getByRole("button", { name: "Cancel" }).click();
  await expect(noahBooked.getByRole("button", { name: `Remove ${freeNewYorker.name}` })).toBeFocused();

  // The scheduler shows the booking in red on Lena's lane, and leads back to this panel.
  await page.goto("/scheduler?start=2027-01-11&tz=America/New_York");
  const newYork = page.getByTestId("scheduler-location").filter({ hasText: "New York Campus" });
  const lenaChip = newYork
    .getByTestId("scheduler-lane")
    .filter({ hasText: londonWithPrivateAppointment.name })
    .getByTestId("scheduler-chip")
    .filter({ hasText: title });
  await expect(lenaChip).toHaveClass(/conflict/);
  await expect(lenaChip).toHaveText(`1${title} 09:00–17:00`);
  await expect(lenaChip).toHaveAttribute("title", "1 conflict: Private (Busy · Organiser)");
  const noahChip = newYork
    .getByTestId("scheduler-lane")
    .filter({ hasText: freeNewYorker.name })
    .getByTestId("scheduler-chip")
    .filter({ hasText: title });
  await expect(noahChip).not.toHaveClass(/conflict/);
  await page.screenshot({ path: "e2e/screenshots/conflicts-scheduler.png", fullPage: true });

  // The day view: the same session, hour by hour, read out in full to a keyboard user.
  await page.getByRole("link", { name: "Day", exact: true }).click();
  await expect(page).toHaveURL(/view=day/);
  await page.goto("/scheduler?start=2027-01-12&tz=America/New_York&view=day");
  await expect(lenaChip).toHaveAttribute(
    "aria-label",
    `09:00–17:00 ${title}: ${title}, Tue 12 Jan, 09:00–17:00, ${londonWithPrivateAppointment.name}: 1 conflict: Private (Busy · Organiser)`,
  );
  await lenaChip.focus();
  await expect(lenaChip).toBeFocused();
  await page.screenshot({ path: "e2e/screenshots/conflicts-scheduler-day.png", fullPage: true });
  await page.getByRole("link", { name: "Previous day" }).click();
  await expect(page).toHaveURL(/start=2027-01-11/);
  await page.goBack();
  await lenaChip.click();
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}#instructors$/);
  await expect(page.getByTestId("assigned-row").filter({ hasText: londonWithPrivateAppointment.name })).toBeVisible();
});

test("the availability calendar shows busy time per instructor and day, in the chosen zone, by keyboard", async ({
  page,
}) => {
  await signInAsDemoAdmin(page);
  await page.getByRole("link", { name: "Availability" }).click();
  // Without a zone in the URL, the browser's own is used, from the first paint (no redirect).
  const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await expect(page.getByLabel("Time zone")).toHaveValue(browserZone);
  await page.goto("/availability?start=2027-01-11&tz=America/New_York");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
  const grid = page.getByTestId("availability-grid");
  const lena = grid.locator("tr").filter({ hasText: londonWithPrivateAppointment.name });
  // Mon 11 Jan: 09:00–10:30 UTC is 04:00–05:30 in New York; Tue: the private appointment at 10:00 New York time.
  await expect(lena.locator("td").nth(0)).toContainText("04:00–05:30");
  await expect(lena.locator("td").nth(1)).toContainText("10:00–11:00");
  await expect(lena.locator("td").nth(1)).not.toContainText("07:00–08:00"); // shown as free: no conflict
  await expect(lena.locator("td").nth(3)).toContainText("All day");
  await expect(grid.locator("tr").filter({ hasText: staleCalendar.name })).toContainText("Availability unknown");

  await page.getByLabel("Search instructors").fill("Lena");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(grid.locator("tbody tr")).toHaveCount(1);
  const first = grid.getByRole("gridcell").first();
  await first.focus();
  await page.keyboard.press("ArrowRight");
  await expect(grid.getByRole("gridcell").nth(1)).toBeFocused();
  await expect(grid.getByRole("gridcell").nth(1)).toHaveAccessibleName(/Tue 12 Jan:.*10:00–11:00 Private/);

  await page.goto("/availability?start=2027-01-11&tz=Europe/London&view=4weeks");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/London");
  await expect(grid.locator("thead th")).toHaveCount(29);
  // Four weeks draw each day as a bar; the cell's name says the times.
  const tuesday = grid.locator("tr").filter({ hasText: londonWithPrivateAppointment.name }).locator("td").nth(1);
  await expect(tuesday).toHaveAccessibleName(/Outlook 15:00–16:00 Private/);
  await expect(tuesday.locator(".day-bar-part.external")).toHaveCount(1);
  await page.screenshot({ path: "e2e/screenshots/conflicts-availability-4-weeks.png", fullPage: true });
});
