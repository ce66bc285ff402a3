import { expect, test } from "@playwright/test";
import { demoAdmin } from "../db/seed/demo-people";
import { createApiKey, createInstructor, signInRequest } from "./fixtures/api";
import { signInAsDemoAdmin } from "./fixtures/admin";

// The e2e server is the production build (`next start`, NODE_ENV=production).

test("pages carry the security headers, with a fresh script nonce each time", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const csp = first.headers()["content-security-policy"]!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);
  // Next.js put the nonce on its own scripts.
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  expect(first.headers()).toMatchObject({
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "strict-transport-security": "max-age=63072000; includeSubDomains",
  });
  for (const path of ["/connect/not-a-real-token-but-long-enough", "/connection/not-a-real-link"]) {
    expect((await request.get(path)).headers()["referrer-policy"], path).toBe("no-referrer");
  }
  expect((await request.get("/api/v1/openapi.json")).headers()["x-content-type-options"]).toBe("nosniff");
});

test("the CSP lets the sign-in page hydrate and sign in", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/sign-in?callbackUrl=%2Finstructors");
  await page.getByLabel("Email").fill(demoAdmin.email);
  await page.getByLabel("Password").fill(demoAdmin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/instructors$/);
  expect(violations).toEqual([]);
});

for (const callbackUrl of [
  "/\\evil.example",
  "//evil.example",
  "https://evil.example/",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
]) {
  test(`after sign-in, callbackUrl ${JSON.stringify(callbackUrl)} leads to the events page, not away`, async ({
    page,
  }) => {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel("Email").fill(demoAdmin.email);
    await page.getByLabel("Password").fill(demoAdmin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/events$/);
  });
}

test("an admin signs in with Microsoft (bound by tenant + object id), twice", async ({ page }) => {
  for (let round = 0; round < 2; round++) {
    await page.context().clearCookies();
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
    await expect(page).toHaveURL(/\/oauth2\/v2\.0\/authorize/); // the emulator's sign-in page
    await page.getByLabel("Email").fill(demoAdmin.email);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The fresh emulator asks the demo admin to consent the first time only.
    if (round === 0) await page.getByRole("button", { name: "Accept" }).click();
    await expect(page).toHaveURL(/\/events$/);
  }
});

test("production shows no demo credentials on the sign-in page", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByTestId("demo-credentials")).toHaveCount(0);
  await expect(page.getByText(demoAdmin.password)).toHaveCount(0);
});

test("the dev outbox answers a production build's admins only", async ({ page, playwright, baseURL }) => {
  const stranger = await playwright.request.newContext({ baseURL });
  expect((await stranger.get("/api/dev/outbox")).status()).toBe(401);
  const outboxPage = await stranger.get("/dev/outbox", { maxRedirects: 0 });
  expect([outboxPage.status(), outboxPage.headers()["location"]]).toEqual([307, "/sign-in"]);

  await signInRequest(stranger, demoAdmin);
  expect((await stranger.get("/api/dev/outbox")).status()).toBe(200);
  await stranger.dispose();

  // One email to look at: an invitation.
  await signInAsDemoAdmin(page);
  const key = await createApiKey(page);
  const email = `outbox-${Date.now().toString(36)}@example.test`;
  await createInstructor(page.request, key, { name: "Outbox Reader", email });
  await page.goto("/control-panel/calendar-integration");
  await page.getByLabel("Search instructors").fill(email);
  await expect(page.getByTestId("integration-row")).toHaveCount(1);
  await page.getByLabel("Select Outbox Reader").check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("1 invitation sent.");

  // The message frame is sandboxed: the email's HTML runs no script and cannot reach the app.
  await page.goto("/dev/outbox");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Connect your Outlook calendar to the training platform",
  );
  await expect(page.locator("iframe[title='Message']")).toHaveAttribute(
    "sandbox",
    "allow-popups allow-popups-to-escape-sandbox",
  );
});
