import { expect, test, type Page } from "@playwright/test";
import { signInAsDemoAdmin } from "./fixtures/admin";
import { connectLink, createApiKey, createInstructor, outboxFor } from "./fixtures/api";
import { createTenantWithUsers } from "./fixtures/emulator";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/screenshots/connect-${name}.png`, fullPage: true });

test("an admin invites three instructors; one connects in Full Private Mode", async ({ page, browser, request }) => {
  const org = await createTenantWithUsers({ label: "northwind", count: 3 });
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  for (const user of org.users) await createInstructor(request, key, { name: user.name, email: user.email });

  await page.goto("/control-panel/calendar-integration");
  await page.getByLabel("Search instructors").fill(org.domain);
  const rows = page.getByTestId("integration-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("Not invited");
  await page.getByLabel("Select all").check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("3 invitations sent.");
  await expect(rows.filter({ hasText: "Invited" })).toHaveCount(3);
  await shot(page, "01-admin-invited");

  const mails = await Promise.all(org.users.map((u) => outboxFor(request, u.email)));
  expect(mails.map((m) => m.length)).toEqual([1, 1, 1]);
  const invitation = mails[0]![0]!;
  expect(invitation.subject).toBe("Connect your Outlook calendar to the training platform");
  expect(invitation.text).toContain("Full Private Mode");

  // The instructor, in their own browser.
  const instructor = await (await browser.newContext()).newPage();
  await instructor.goto(connectLink(invitation));
  await expect(instructor.getByRole("heading", { name: "Hi Ada, connect your Outlook calendar" })).toBeVisible();
  await shot(instructor, "02-wizard-what-is-shared");
  await instructor.getByRole("button", { name: "Next: choose your privacy" }).click();
  await expect(instructor.getByLabel(/Full Private Mode/)).toBeChecked();
  await shot(instructor, "03-wizard-privacy");
  await instructor.getByRole("button", { name: "Next: connect" }).click();
  await shot(instructor, "04-wizard-connect");
  await instructor.getByRole("button", { name: "Connect Microsoft 365" }).click();

  // Microsoft's pages (the emulator).
  await expect(instructor.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(instructor.getByLabel("Email")).toHaveValue(org.users[0]!.email);
  await shot(instructor, "05-microsoft-sign-in");
  await instructor.getByRole("button", { name: "Sign in" }).click();
  await expect(instructor.getByText("Permissions requested")).toBeVisible();
  await shot(instructor, "06-microsoft-consent");
  await instructor.getByRole("button", { name: "Accept" }).click();

  await expect(instructor.getByRole("heading", { name: "Your calendar is connected" })).toBeVisible();
  await expect(instructor.getByText("Full Private Mode")).toBeVisible();
  await shot(instructor, "07-connected");

  // The admin's table catches up without a reload.
  const connected = rows.filter({ hasText: org.users[0]!.email });
  await expect(connected).toContainText("Connected", { timeout: 15_000 });
  await expect(connected).toContainText("Full Private Mode");
  await shot(page, "08-admin-connected");

  // The link worked once.
  const reuse = await instructor.goto(connectLink(invitation));
  expect(reuse?.status()).toBe(410);
  await expect(instructor.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
});

test("an instructor whose organisation requires admin approval gets it approved, then connects", async ({
  page,
  browser,
  request,
}) => {
  const org = await createTenantWithUsers({ label: "fabrikam", count: 1, userConsentDisabled: true });
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  const person = org.users[0]!;
  await createInstructor(request, key, { name: person.name, email: person.email });
  await page.goto("/control-panel/calendar-integration");
  await page.getByLabel("Search instructors").fill(org.domain);
  const row = page.getByTestId("integration-row").filter({ hasText: person.email });
  await expect(page.getByTestId("integration-row")).toHaveCount(1);
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
  await expect(instructor.getByRole("heading", { name: "Need admin approval" })).toBeVisible();
  await shot(instructor, "11-microsoft-need-admin-approval");
  await instructor.getByRole("link", { name: "Return to the application without granting consent" }).click();

  await expect(instructor.getByRole("heading", { name: "Nothing was connected" })).toBeVisible();
  await instructor.getByRole("button", { name: "Get the link for your administrator" }).click();
  await expect(instructor.getByTestId("admin-consent-url")).toHaveValue(
    new RegExp(`/${org.domain.replaceAll(".", "\\.")}/adminconsent\\?client_id=`),
  );
  await shot(instructor, "12-admin-approval-needed");
  // Asking for the link told us Microsoft said "Need admin approval": the admin's table says so on its own.
  await expect(row).toContainText("Waiting for admin approval", { timeout: 15_000 });
  await shot(page, "12b-admin-waiting-for-approval");

  // The instructor happens to be able to reach their IT admin at the same desk.
  await instructor.getByRole("button", { name: "I am an administrator" }).click();
  await instructor.getByLabel("Email").fill(org.admin.email);
  await instructor.getByRole("button", { name: "Sign in" }).click();
  await expect(instructor.getByText(/on behalf of your organization/i).first()).toBeVisible();
  await shot(instructor, "13-microsoft-admin-consent");
  await instructor.getByRole("button", { name: "Accept" }).click();
  await expect(
    instructor.getByRole("heading", { name: "Calendar Sync is approved for your organisation" }),
  ).toBeVisible();
  await shot(instructor, "14-admin-approved");

  await instructor.getByRole("link", { name: "Continue connecting your calendar" }).click();
  await instructor.getByRole("button", { name: "Next: choose your privacy" }).click();
  await instructor.getByLabel(/Default Privacy Mode/).check();
  await instructor.getByRole("button", { name: "Next: connect" }).click();
  await instructor.getByRole("button", { name: "Connect Microsoft 365" }).click();
  await instructor.getByLabel("Email").fill(person.email);
  await instructor.getByRole("button", { name: "Sign in" }).click();
  if (await instructor.getByRole("button", { name: "Accept" }).isVisible())
    await instructor.getByRole("button", { name: "Accept" }).click();
  await expect(instructor.getByRole("heading", { name: "Your calendar is connected" })).toBeVisible();
  await shot(instructor, "15-connected-after-approval");

  await expect(row).toContainText("Connected", { timeout: 15_000 });
  await expect(row).toContainText("Default Privacy Mode");
  await page.goto("/control-panel/calendar-integration/tenants");
  await expect(page.getByTestId("tenants-table").getByRole("row").filter({ hasText: org.tenantId })).toContainText(
    "Approved by an admin",
  );
});

test("Tom's IT admin approves from “Need admin approval”; the connection ends on Tom's own account", async ({
  page,
  browser,
  request,
}) => {
  const org = await createTenantWithUsers({ label: "tailspin", count: 1, userConsentDisabled: true });
  const tom = org.users[0]!;
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  await createInstructor(request, key, { name: tom.name, email: tom.email });
  await page.goto("/control-panel/calendar-integration");
  await page.getByLabel("Search instructors").fill(org.domain);
  const row = page.getByTestId("integration-row").filter({ hasText: tom.email });
  await expect(page.getByTestId("integration-row")).toHaveCount(1);
  await row.getByLabel(`Select ${tom.name}`).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("1 invitation sent.");
  const [mail] = await outboxFor(request, tom.email);

  const desk = await (await browser.newContext()).newPage();
  await desk.goto(connectLink(mail!));
  await desk.getByRole("button", { name: "Next: choose your privacy" }).click();
  await desk.getByRole("button", { name: "Next: connect" }).click();
  await desk.getByRole("button", { name: "Connect Microsoft 365" }).click();
  await desk.getByRole("button", { name: "Sign in" }).click();
  await expect(desk.getByRole("heading", { name: "Need admin approval" })).toBeVisible();

  // The IT admin takes the keyboard and approves for the whole organisation.
  await desk.getByRole("link", { name: "Have an admin account? Sign in with that account" }).click();
  await desk.getByLabel("Email").fill(org.admin.email);
  await desk.getByRole("button", { name: "Sign in" }).click();
  await expect(desk.getByLabel("Consent on behalf of your organization")).toBeChecked();
  await desk.getByRole("button", { name: "Accept" }).click();

  // Microsoft signed the admin in; Calendar Sync keeps nothing of theirs and sends Tom to sign in.
  await expect(desk.getByRole("heading", { name: `This invitation is for ${tom.email}` })).toBeVisible();
  await expect(desk.getByTestId("signed-in-as")).toHaveText(org.admin.email);
  await shot(desk, "21-wrong-account-after-admin-consent");
  await desk.getByRole("button", { name: `Sign in as ${tom.email}` }).click();
  await expect(desk.getByLabel("Email")).toHaveValue(tom.email);
  await desk.getByRole("button", { name: "Sign in" }).click();

  // The tenant is approved now: no consent page, straight back connected, as Tom.
  await expect(desk.getByRole("heading", { name: "Your calendar is connected" })).toBeVisible();
  await expect(desk.getByText(`${tom.email} is now linked`)).toBeVisible();
  await shot(desk, "22-connected-as-tom");

  await expect(row).toContainText("Connected", { timeout: 15_000 });
  await expect(row.getByTestId("microsoft-account")).toHaveText(tom.email);
  await shot(page, "23-admin-table-microsoft-account");
});

test("public Connect pages print only their own messages, whatever the link says", async ({ page }) => {
  const crafted = "Your account is locked. Call +1 555 0100 to unlock it.";
  await page.goto(
    `/connect/problem?${new URLSearchParams({ reason: "microsoft", message: crafted, code: "no_code", retry: "https://evil.example/" })}`,
  );
  await expect(page.getByRole("heading", { name: "Microsoft did not complete the sign-in" })).toBeVisible();
  await expect(page.getByText("Microsoft did not send a sign-in code.")).toBeVisible();
  await expect(page.getByText(/555 0100/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Start again" })).toHaveCount(0);

  await page.goto(
    `/connect/admin-approved?${new URLSearchParams({ outcome: "failed", message: crafted, code: "made-up" })}`,
  );
  await expect(page.getByRole("heading", { name: "Approval did not complete" })).toBeVisible();
  await expect(page.getByText("Microsoft did not confirm the approval.")).toBeVisible();
  await expect(page.getByText(/555 0100/)).toHaveCount(0);
});
