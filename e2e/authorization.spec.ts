/**
 * Who may call what, over HTTP against the production build, enumerated from the build and the
 * source so that a new server action, admin page or route handler fails here until it is listed
 * with its guard (and the guard is then proven by calling it as a stranger and as a coordinator).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { demoAdmin } from "../db/seed/demo-people";
import { e2eCoordinator } from "./fixtures/people";
import { signInRequest } from "./fixtures/api";

const root = fileURLToPath(new URL("..", import.meta.url));
const someId = "00000000-0000-4000-8000-000000000000";
const STATE = { ok: true };
const FORM = Symbol("a FormData with one field");

type Guard = "admin" | "owner" | "manage-link" | "invitation-token";
/** Every server action in the build: its guard and arguments that reach it (the guard must refuse before they matter). */
const actions: Record<string, { guard: Guard; args: unknown[] }> = {
  "app/(admin)/control-panel/calendar-integration/actions.ts#sendInvitationsAction": {
    guard: "admin",
    args: [[someId]],
  },
  "app/(admin)/control-panel/calendar-integration/actions.ts#syncCalendarsAction": { guard: "admin", args: [[someId]] },
  "app/(admin)/control-panel/calendar-integration/actions.ts#previewCalendarRemovalsAction": {
    guard: "admin",
    args: [[someId]],
  },
  "app/(admin)/control-panel/calendar-integration/actions.ts#removeCalendarsAction": {
    guard: "admin",
    args: [[someId]],
  },
  "app/(admin)/control-panel/calendar-integration/actions.ts#confirmHeldPullAction": { guard: "admin", args: [someId] },
  "app/(admin)/control-panel/calendar-integration/actions.ts#resendFinishRemovalLinkAction": {
    guard: "admin",
    args: [someId],
  },
  "app/(admin)/control-panel/calendar-integration/tenants/actions.ts#adminConsentUrlAction": {
    guard: "admin",
    args: [STATE, FORM],
  },
  "app/(admin)/availability/actions.ts#loadAvailabilityRowsAction": { guard: "admin", args: [{}, 1] },
  "app/(admin)/events/actions.ts#createEventAction": { guard: "admin", args: [STATE, FORM] },
  "app/(admin)/events/actions.ts#updateEventAction": { guard: "admin", args: [someId, STATE, FORM] },
  "app/(admin)/events/actions.ts#assignInstructorAction": { guard: "admin", args: [someId, STATE, FORM] },
  "app/(admin)/events/actions.ts#unassignInstructorAction": { guard: "admin", args: [someId, someId] },
  "app/(admin)/events/actions.ts#conflictDetailsAction": { guard: "admin", args: [someId, someId] },
  "app/(admin)/events/actions.ts#deleteEventAction": { guard: "admin", args: [someId] },
  "app/(admin)/instructors/actions.ts#createInstructorAction": { guard: "admin", args: [STATE, FORM] },
  "app/(admin)/instructors/actions.ts#updateInstructorAction": { guard: "admin", args: [someId, STATE, FORM] },
  "app/(admin)/locations/actions.ts#saveLocationAction": { guard: "admin", args: [null, STATE, FORM] },
  "app/(admin)/locations/actions.ts#addVenueAction": { guard: "admin", args: [someId, STATE, FORM] },
  "app/(admin)/locations/actions.ts#removeVenueAction": { guard: "admin", args: [someId] },
  "app/(admin)/settings/api-keys/actions.ts#createApiKeyAction": { guard: "owner", args: [STATE, FORM] },
  "app/(admin)/settings/api-keys/actions.ts#revokeApiKeyAction": { guard: "owner", args: [someId] },
  "app/(admin)/settings/conflicts/actions.ts#saveConflictSettingsAction": { guard: "owner", args: [STATE, FORM] },
  "app/connect/[token]/actions.ts#adminConsentLinkAction": { guard: "invitation-token", args: ["not-a-token"] },
  "app/connection/[link]/actions.ts#setPrivacyModeAction": { guard: "manage-link", args: ["not-a-link", STATE, FORM] },
  "app/connection/[link]/actions.ts#disconnectAction": { guard: "manage-link", args: ["not-a-link", STATE] },
};

type RouteGuard = "admin-session" | "api-key" | "public";
/** Every route handler: admin-session and api-key routes answer 401 to a stranger; public ones say why they are public. */
const routes: Record<string, { guard: RouteGuard; why?: string }> = {
  "app/api/control-panel/calendar-integration/route.ts": { guard: "admin-session" },
  "app/api/control-panel/events/[id]/push-status/route.ts": { guard: "admin-session" },
  "app/api/dev/outbox/route.ts": { guard: "admin-session" }, // in a production build (development serves it to anyone)
  "app/api/v1/events/route.ts": { guard: "api-key" },
  "app/api/v1/events/[id]/route.ts": { guard: "api-key" },
  "app/api/v1/events/[id]/instructors/[instructorId]/route.ts": { guard: "api-key" },
  "app/api/v1/events/[id]/push-status/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/route.ts": { guard: "api-key" },
  "app/api/v1/events/[id]/conflicts/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/[id]/availability/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/[id]/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/[id]/calendar/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/[id]/sync/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/[id]/sync/confirm-held/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/[id]/sync-runs/route.ts": { guard: "api-key" },
  "app/api/v1/instructors/[id]/busy/route.ts": { guard: "api-key" },
  "app/api/v1/sync-runs/[runId]/route.ts": { guard: "api-key" },
  "app/api/v1/openapi.json/route.ts": { guard: "public", why: "the API's published description" },
  "app/api/auth/[...nextauth]/route.ts": { guard: "public", why: "next-auth's sign-in endpoints" },
  "app/api/inngest/route.ts": { guard: "public", why: "Inngest calls it, verified by its signing key" },
  "app/api/microsoft/callback/route.ts": {
    guard: "public",
    why: "Microsoft's redirect, checked against a stored state and browser binding",
  },
  "app/api/microsoft/notifications/route.ts": {
    guard: "public",
    why: "Graph posts change notifications; each must carry its subscription's secret clientState",
  },
  "app/api/microsoft/admin-consent/route.ts": {
    guard: "public",
    why: "Microsoft's redirect, checked against a stored state",
  },
  "app/connect/[token]/start/route.ts": { guard: "public", why: "the invitation token is the credential" },
  "app/connect/[token]/admin-consent/route.ts": { guard: "public", why: "the invitation token is the credential" },
};

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === name)
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/** A URL for an app-router file: route groups dropped, dynamic segments filled with an id. */
function urlFor(file: string): string {
  const segments = path.posix
    .dirname(file)
    .split("/")
    .slice(1)
    .filter((s) => !/^\(.*\)$/.test(s));
  return "/" + segments.map((s) => (s.startsWith("[") ? someId : s)).join("/");
}

/** The HTTP methods a route file exports (`export const GET = …`, `export async function POST`, `export { h as GET }`). */
function exportedMethods(file: string): string[] {
  const source = readFileSync(path.join(root, file), "utf8");
  const found = [
    ...source.matchAll(
      /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|as (GET|POST|PUT|PATCH|DELETE)\b/g,
    ),
  ];
  return [...new Set(found.map((m) => m[1] ?? m[2]!))];
}

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };
const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
  node: Record<string, ManifestEntry>;
};
const built = Object.entries(manifest.node).map(([id, entry]) => ({
  id,
  key: `${entry.filename}#${entry.exportedName}`,
  page: Object.keys(entry.workers)[0]!,
}));

/** Calls a server action the way the browser does (React's reply encoding; FormData parts named `_<reference>_<field>`). */
async function callAction(request: APIRequestContext, action: (typeof built)[number], args: unknown[]) {
  const multipart = new FormData();
  const encoded = args.map((a) => {
    if (a !== FORM) return a;
    multipart.append("_1_name", "authorization test");
    return "$K1";
  });
  // The root goes last, as React sends it: the server reads the FormData parts when it parses the root.
  multipart.append("0", JSON.stringify(encoded));
  return request.post(urlFor(`${action.page}.tsx`), {
    headers: { "Next-Action": action.id, Accept: "text/x-component" },
    multipart,
    maxRedirects: 0,
  });
}

test("every server action, admin page and route handler is listed with its guard", () => {
  const sourceActions = filesNamed("app", "actions.ts").flatMap((file) =>
    [...readFileSync(path.join(root, file), "utf8").matchAll(/^export async function (\w+)/gm)].map(
      (m) => `${file}#${m[1]}`,
    ),
  );
  expect(built.map((a) => a.key).sort(), "server actions in the build").toEqual(Object.keys(actions).sort());
  expect(
    sourceActions.filter((a) => !(a in actions)),
    "exported from an actions.ts but not listed",
  ).toEqual([]);
  expect(filesNamed("app", "route.ts").sort(), "route handlers").toEqual(Object.keys(routes).sort());
});

test.describe("a stranger", () => {
  for (const [key, { guard, args }] of Object.entries(actions)) {
    test(`cannot call ${key}`, async ({ request }) => {
      const action = built.find((a) => a.key === key)!;
      const response = await callAction(request, action, args);
      const body = await response.text();
      if (guard === "manage-link") expect(body).toContain("This link is not valid any more");
      else if (guard === "invitation-token") expect(body).toContain("This invitation can no longer be used");
      else
        expect(response.headers()["x-action-redirect"], `${response.status()} ${body.slice(0, 200)}`).toMatch(
          /^\/sign-in/,
        );
    });
  }

  test("is sent to sign in from every admin page", async ({ request }) => {
    const pages = filesNamed("app/(admin)", "page.tsx").map((f) => urlFor(f));
    expect(pages.length).toBeGreaterThan(8);
    for (const url of pages) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect([response.status(), response.headers()["location"]], url).toEqual([307, "/sign-in"]);
    }
  });

  test("gets 401 from every method of every admin and API route", async ({ request }) => {
    for (const [file, { guard }] of Object.entries(routes)) {
      if (guard === "public") continue;
      const methods = exportedMethods(file);
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of methods) {
        const response = await request.fetch(urlFor(file), { method, data: method === "GET" ? undefined : {} });
        expect(response.status(), `${method} ${file}`).toBe(401);
      }
    }
  });
});

test.describe("a coordinator", () => {
  test("is refused every owner-only action, and a key survives their revoke", async ({ playwright, baseURL }) => {
    const owner = await playwright.request.newContext({ baseURL });
    await signInRequest(owner, demoAdmin);
    const created = await callAction(
      owner,
      built.find((a) => a.key.endsWith("#createApiKeyAction"))!,
      [STATE, FORM],
    );
    const createdBody = await created.text();
    const secret = /csk_[A-Za-z0-9_-]+/.exec(createdBody)?.[0];
    expect(secret, `the owner creates a key: ${created.status()} ${createdBody.slice(0, 300)}`).toBeTruthy();
    const keys = await (await owner.get("/settings/api-keys")).text();
    const keyId = new RegExp(`data-key-id="([0-9a-f-]{36})"><td>[^<]*</td><td><code>${secret!.slice(0, 10)}`).exec(
      keys,
    )?.[1];
    expect(keyId, "the key's row").toBeTruthy();

    const coordinator = await playwright.request.newContext({ baseURL });
    await signInRequest(coordinator, e2eCoordinator);
    for (const [key, { guard, args }] of Object.entries(actions)) {
      if (guard !== "owner") continue;
      const response = await callAction(
        coordinator,
        built.find((a) => a.key === key)!,
        key.endsWith("#revokeApiKeyAction") ? [keyId] : args,
      );
      const body = await response.text();
      expect(body, key).not.toMatch(/csk_/);
      expect(
        response.status() === 500 || body.includes("Only an owner can do this"),
        `${key}: ${response.status()} ${body.slice(0, 200)}`,
      ).toBe(true);
    }
    const stillWorks = await coordinator.get("/api/v1/instructors", { headers: { authorization: `Bearer ${secret}` } });
    expect(stillWorks.status()).toBe(200);
    await owner.dispose();
    await coordinator.dispose();
  });

  test("may open every admin page and admin route", async ({ playwright, baseURL }) => {
    const coordinator = await playwright.request.newContext({ baseURL });
    await signInRequest(coordinator, e2eCoordinator);
    for (const url of [
      "/events",
      "/instructors",
      "/locations",
      "/control-panel/calendar-integration",
      "/settings/api-keys",
      "/settings/conflicts",
      "/availability",
      "/scheduler",
    ]) {
      expect((await coordinator.get(url, { maxRedirects: 0 })).status(), url).toBe(200);
    }
    expect((await coordinator.get("/api/control-panel/calendar-integration")).status()).toBe(200);
    await coordinator.dispose();
  });
});
