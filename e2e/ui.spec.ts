import { expect, test, type Page } from "@playwright/test";
import { demoAdmin } from "../db/seed/demo-people";
import { signInAsDemoAdmin } from "./fixtures/admin";
import { expectAccessible, expectNoSidewaysScroll } from "./fixtures/a11y";
import { createApiKey, createInstructor, outboxFor } from "./fixtures/api";
import { inviteAndConnect } from "./fixtures/connect";
import { createTenantWithUsers } from "./fixtures/emulator";

/**
 * Issue 21's proof: every admin page at 1280×800 without sideways scrolling and without serious or
 * critical axe violations, and the instructor's pages and emails at 390×844. The README's pictures
 * are the `readme/` screenshots, taken here.
 */
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: `e2e/screenshots/ui-${name}.png`, fullPage });
const readmeShot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/screenshots/readme/${name}.png`, fullPage: false });

async function check(page: Page, path: string, name: string) {
  await page.goto(path);
  await expect(page.locator("main h1").first()).toBeVisible();
  await expectNoSidewaysScroll(page, path);
  await expectAccessible(page, path);
  await shot(page, name);
}

test("every admin page fits 1280×800 and passes axe", async ({ page }) => {
  test.setTimeout(360_000);
  await page.setViewportSize(desktop);
  await page.goto("/sign-in");
  await expectAccessible(page, "/sign-in");
  await signInAsDemoAdmin(page);
  // The first Tab stop skips the navigation.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

  await check(page, "/events", "events");
  await readmeShot(page, "events");
  const eventHref = await page.getByTestId("event-row").first().getByRole("link").first().getAttribute("href");
  await check(page, eventHref!, "event");
  await readmeShot(page, "event-assignment");
  await check(page, "/events/new", "event-new");
  await check(page, "/instructors", "instructors");
  await check(page, "/instructors/new", "instructor-new");
  await check(page, "/locations", "locations");
  await check(page, "/availability", "availability-week");
  await check(page, "/availability?view=4weeks", "availability-4-weeks");
  await readmeShot(page, "availability");
  await check(page, "/scheduler", "scheduler-week");
  await readmeShot(page, "scheduler");
  await check(page, "/scheduler?view=day", "scheduler-day");
  // Each location's Day timeline fits its box (its last hour label ran 34 px past it).
  const overflows = await page
    .locator(".timeline")
    .evaluateAll((boxes) => boxes.map((b) => b.scrollWidth - b.clientWidth));
  expect(Math.max(0, ...overflows)).toBe(0);
  await check(page, "/control-panel/calendar-integration", "calendar-integration");
  await readmeShot(page, "calendar-integration");
  const logHref = await page.getByTestId("integration-row").first().getByRole("link").first().getAttribute("href");
  await check(page, logHref!, "calendar-integration-instructor");
  await check(page, "/control-panel/calendar-integration/tenants", "tenants");
  await check(page, "/settings/api-keys", "api-keys");
  await check(page, "/settings/conflicts", "conflict-rules");
});

test("a failed submit says what to fix in the form's words and focuses the first field to fix", async ({ page }) => {
  await page.setViewportSize(desktop);
  await signInAsDemoAdmin(page);
  await page.goto("/events/new");
  await page.getByLabel("Title").fill("Validation check");
  await page.getByLabel("Session 1 date").fill("");
  await page.getByLabel("Session 1 end time").fill("08:00");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("Choose a date for session 1.")).toBeVisible();
  await expect(page.getByText("Choose an end time after the start.")).toBeVisible();
  await expect(page.getByLabel("Session 1 date")).toBeFocused();
  await expectAccessible(page, "event form with errors");
});

test("the invitation email, the wizard and the manage page on a phone", async ({ page, browser, request }) => {
  test.setTimeout(360_000);
  const org = await createTenantWithUsers({ label: "phone", count: 2 });
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  for (const user of org.users) await createInstructor(request, key, { name: user.name, email: user.email });
  const [ada, grace] = org.users;

  // Grace connects (from a desktop); her connected email carries the manage link.
  await inviteAndConnect({ page, browser, request }, grace!, org.domain);
  const manageLink = (await outboxFor(request, grace!.email))
    .flatMap((m) => m.links)
    .find((l) => l.includes("/connection/"));

  // Ada's invitation, read on a phone.
  await page.goto("/control-panel/calendar-integration");
  await page.getByLabel("Search instructors").fill(ada!.email);
  const adaRow = page.getByTestId("integration-row").filter({ hasText: ada!.email });
  await adaRow.getByLabel(`Select ${ada!.name}`).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("1 invitation sent.");
  const [invitation] = await outboxFor(request, ada!.email);
  expect(invitation!.text).toContain(`${demoAdmin.name} from your training team invites you`);

  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true });
  const mobile = await context.newPage();
  await mobile.setContent(invitation!.html);
  await expectNoSidewaysScroll(mobile, "invitation email");
  // The button comes before the list of what is shared.
  const button = await mobile
    .getByRole("link", { name: /connect/i })
    .first()
    .boundingBox();
  const bullets = await mobile.getByText("From your Outlook to the platform").boundingBox();
  expect(button!.y).toBeLessThan(bullets!.y);
  await shot(mobile, "phone-invitation-email");
  const tiles = [await mobile.screenshot()];

  const link = invitation!.links.find((l) => /\/connect\/[A-Za-z0-9_-]{20,}$/.test(l))!;
  await mobile.goto(link);
  await expectNoSidewaysScroll(mobile, "wizard step 1");
  await expectAccessible(mobile, "wizard step 1");
  const flows = mobile.locator(".flow");
  const [first, second] = [await flows.nth(0).boundingBox(), await flows.nth(1).boundingBox()];
  expect(second!.y).toBeGreaterThanOrEqual(first!.y + first!.height);
  await shot(mobile, "phone-wizard-1");
  tiles.push(await mobile.screenshot());
  await mobile.getByRole("button", { name: "Next: choose your privacy" }).click();
  // Focus follows the step: the new step's heading.
  await expect(mobile.getByRole("heading", { name: "How much of your calendar may the platform see?" })).toBeFocused();
  await expectNoSidewaysScroll(mobile, "wizard step 2");
  await expectAccessible(mobile, "wizard step 2");
  await shot(mobile, "phone-wizard-2");
  await mobile.getByRole("button", { name: "Next: connect" }).click();
  await expect(mobile.getByRole("heading", { name: "Sign in with Microsoft" })).toBeFocused();
  await expectAccessible(mobile, "wizard step 3");
  await shot(mobile, "phone-wizard-3");
  await mobile.getByRole("button", { name: "Back" }).click();
  await expect(mobile.getByRole("heading", { name: "How much of your calendar may the platform see?" })).toBeFocused();

  await mobile.goto(manageLink!);
  await expect(mobile.getByRole("heading", { name: "Your calendar connection" })).toBeVisible();
  await expectNoSidewaysScroll(mobile, "manage page");
  await expectAccessible(mobile, "manage page");
  await shot(mobile, "phone-manage");
  tiles.push(await mobile.screenshot());
  await context.close();

  // The README's picture: the three phone screens side by side.
  await page.setViewportSize({ width: 3 * phone.width + 40, height: phone.height + 20 });
  const images = tiles.map((png) => `<img alt="" width="390" src="data:image/png;base64,${png.toString("base64")}">`);
  await page.setContent(
    `<body style="margin:0;padding:10px;display:flex;gap:10px;background:#d0d5dd">${images.join("")}</body>`,
  );
  await page.screenshot({ path: "e2e/screenshots/readme/phone.png" });
});
