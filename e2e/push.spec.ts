import { expect, test, type Page } from "@playwright/test";
import { signInAsDemoAdmin } from "./fixtures/admin";
import { createApiKey, createInstructor } from "./fixtures/api";
import { inviteAndConnect } from "./fixtures/connect";
import { createTenantWithUsers, emulatorControl } from "./fixtures/emulator";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/screenshots/push-${name}.png`, fullPage: true });

type Stored = {
  subject: string;
  body: { contentType: string; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location: { displayName: string };
  originalStartTimeZone?: string;
};

test("an admin books a connected instructor on an active event and the entry is in Outlook within 2 seconds", async ({
  page,
  browser,
  request,
}) => {
  const org = await createTenantWithUsers({ label: "contoso-push", count: 1 });
  const person = org.users[0]!;
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  await createInstructor(request, key, { name: person.name, email: person.email, timeZone: "Europe/London" });
  await inviteAndConnect({ page, browser, request }, person, org.domain);

  // An active New York event whose title, description and venue hold markup a careless body would run.
  const title = `Rigging & <Safety> "Level 2" ${Date.now().toString(36)}`;
  await page.goto("/events/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Course code").fill("RIG-201");
  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("Location").selectOption({ label: "New York Campus" });
  await page.getByLabel("Venue").selectOption({ label: "Hudson Room" });
  await page.getByLabel("Session 1 date").fill("2027-02-09");
  await page.getByLabel("Session 1 start time").fill("09:00");
  await page.getByLabel("Session 1 end time").fill("17:00");
  await page.getByLabel("Virtual meeting").selectOption("zoom");
  await page.getByLabel("Join link").fill("https://zoom.us/j/123456789?pwd=abc&x=1");
  await page
    .getByLabel("Description")
    .fill('Bring gloves <b>and</b> a helmet.\nLunch is provided; "vegan" on request.');
  await page.getByRole("button", { name: "Add resource" }).click();
  await page.getByLabel("Resource 1", { exact: true }).fill("Harness");
  await page.getByLabel("Resource 1 quantity").fill("12");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByRole("status")).toHaveText("Event created.");

  const candidate = page.getByTestId("candidate-row").filter({ hasText: person.email });
  await candidate.getByRole("button", { name: `Assign ${person.name}` }).click();
  const assignedAt = Date.now();
  const mailbox = () => emulatorControl<{ value: Stored[] }>("GET", `/users/${person.id}/events`).then((r) => r.value);
  await expect
    .poll(async () => (await mailbox()).map((e) => e.subject), { timeout: 2_000, intervals: [50] })
    .toEqual([title]);
  console.log(`push: entry in the emulator's mailbox ${Date.now() - assignedAt} ms after Assign was clicked`);

  const booked = page.getByTestId("assigned-row").filter({ hasText: person.name });
  await expect(async () => {
    await page.reload();
    await expect(booked.getByTestId("push-status")).toContainText("In Outlook since");
  }).toPass({ timeout: 10_000 });
  await page.goto(new URL(page.url()).pathname); // without the "Event created." notice
  await expect(booked.getByTestId("push-status")).toContainText("In Outlook since");
  await expect(page.getByTestId("push-history-row").first()).toContainText("Created in Outlook");
  await expect(page.getByTestId("push-history-row").first()).toContainText(person.name);
  await expect(page.getByTestId("push-history-row").first()).toContainText("Change by an admin");
  await shot(page, "01-event-page-in-outlook");

  // The entry as Outlook would show it: its header, then the HTML body as sent (Outlook renders it as is).
  const [entry] = await mailbox();
  expect(entry!.body.contentType).toBe("html");
  expect(entry!.body.content).not.toContain("<Safety>");
  expect(entry!.body.content).not.toContain("<b>and</b>");
  const reader = await (await browser.newContext()).newPage();
  await reader.setContent(outlookReadingPane(entry!));
  const body = reader.getByTestId("entry-body");
  await expect(body.locator("strong").first()).toHaveText(title);
  await expect(body).toContainText("Tue 9 Feb 2027, 09:00–17:00 EST");
  await expect(body).toContainText("Your time: Tue 9 Feb 2027, 14:00–22:00 GMT");
  await expect(body).toContainText("Bring gloves <b>and</b> a helmet.");
  await expect(body).toContainText("Your role: Lead");
  await expect(body.getByRole("link", { name: "Join Zoom meeting" })).toHaveAttribute(
    "href",
    "https://zoom.us/j/123456789?pwd=abc&x=1",
  );
  await reader.screenshot({ path: "e2e/screenshots/push-02-outlook-entry-body.png", fullPage: true });
  await reader.context().close();

  // Deleting the event, once confirmed, takes the entry out of the instructor's Outlook.
  await page.getByRole("button", { name: "Delete event" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Confirm deleting this event" });
  await expect(confirm).toContainText("1 booked instructor will lose the bookings");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await page.getByRole("button", { name: "Delete event" }).click();
  await confirm.getByRole("button", { name: "Delete for good" }).click();
  await expect(page).toHaveURL(/\/events\?deleted=1$/);
  await expect(page.getByRole("status")).toContainText("Event deleted.");
  await expect.poll(async () => (await mailbox()).length, { timeout: 5_000, intervals: [100] }).toBe(0);
});

/** The entry's times as Outlook shows them to a reader in London (Graph sends them in UTC). */
function readerTime(entry: Stored): string {
  const at = (dateTime: string) => new Date(`${dateTime.slice(0, 19)}Z`);
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  });
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });
  return `${day.format(at(entry.start.dateTime))} ${time.format(at(entry.start.dateTime))}–${time.format(at(entry.end.dateTime))} (London)`;
}

/** A plain imitation of Outlook's reading pane: subject, when, where, then the body's HTML untouched. */
function outlookReadingPane(entry: Stored): string {
  const text = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font-family: "Segoe UI", system-ui, sans-serif; margin: 0; background: #f5f5f5; }
    .pane { max-width: 720px; margin: 24px auto; background: #fff; border: 1px solid #e0e0e0; border-radius: 4px; }
    header { padding: 16px 20px; border-bottom: 1px solid #e0e0e0; }
    h1 { font-size: 20px; font-weight: 600; margin: 0 0 8px; }
    .meta { color: #424242; font-size: 14px; line-height: 1.6; }
    .body { padding: 16px 20px; font-size: 14px; color: #242424; }
  </style></head><body><div class="pane"><header>
    <h1>${text(entry.subject)}</h1>
    <div class="meta">${text(readerTime(entry))}</div>
    <div class="meta">${text(entry.location.displayName)}</div>
  </header><div class="body" data-testid="entry-body">${entry.body.content}</div></div></body></html>`;
}
