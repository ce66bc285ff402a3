/**
 * How a chaos run talks to the running product and to the emulator: the /api/v1 JSON API with the
 * run's key, the emulator's control API, and an instructor's connect flow over plain HTTP (the
 * wizard's form post, the emulator's sign-in page, the callback), as a browser would.
 */
import { PageDriver } from "../../e2e/emulator/testing/page-driver";
import { SYNC_KEY_PROPERTY_ID } from "../../lib/sync/extended-property";

export type SyncRun = {
  id: string;
  kind: string;
  trigger: string;
  status: "queued" | "running" | "succeeded" | "failed";
  error: string | null;
};
export type PushStatusRow = { instructorId: string; sessionId: string; status: string; outlookEventId: string | null };
export type OutlookEvent = {
  id: string;
  subject: string;
  singleValueExtendedProperties: { id: string; value: string }[];
};

async function call<T>(method: string, url: string, init: { headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...init.headers,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The product's /api/v1 with a read-write key. */
export function productApi(appUrl: string, apiKey: string) {
  const headers = { authorization: `Bearer ${apiKey}` };
  const v1 = <T>(method: string, path: string, body?: unknown) =>
    call<T>(method, `${appUrl}/api/v1${path}`, { headers, body });
  return {
    createEvent: (input: { title: string; sessions: { start: string; end: string }[] }) =>
      v1<{ id: string; sessions: { id: string }[] }>("POST", "/events", {
        ...input,
        lifecycle: "active",
        timeZone: "Europe/London",
      }),
    book: (eventId: string, instructorId: string) => v1("PUT", `/events/${eventId}/instructors/${instructorId}`),
    pushStatus: async (eventId: string) =>
      (await v1<{ data: PushStatusRow[] }>("GET", `/events/${eventId}/push-status`)).data,
    syncRuns: async (instructorId: string) =>
      (await v1<{ data: SyncRun[] }>("GET", `/instructors/${instructorId}/sync-runs`)).data,
    syncRun: (runId: string) => v1<SyncRun>("GET", `/sync-runs/${runId}`),
    removeCalendar: (instructorId: string) => v1<{ runId: string }>("DELETE", `/instructors/${instructorId}/calendar`),
    /** Answers 200 once the app serves the API (what a readiness probe asks). */
    ready: async (path = "/openapi.json") => (await fetch(`${appUrl}/api/v1${path}`, { headers })).ok,
    /**
     * `next dev` compiles a route on its first request: these ask the API routes the run uses for ids
     * that do not exist (404s), all at once, so their compiles overlap and none is left to stretch the
     * time between the two jobs later.
     */
    warmUp: async () => {
      const nobody = "00000000-0000-4000-8000-000000000000";
      await Promise.all(
        [
          ["DELETE", `/instructors/${nobody}/calendar`],
          ["GET", `/instructors/${nobody}/sync-runs`],
          ["GET", `/sync-runs/${nobody}`],
          ["GET", `/events/${nobody}/push-status`],
          ["PUT", `/events/${nobody}/instructors/${nobody}`],
        ].map(([method, path]) => fetch(`${appUrl}/api/v1${path}`, { method, headers }).then((r) => r.text())),
      );
    },
  };
}

/** The emulator's control API (plain http on its port; control calls are neither logged nor faulted). */
export function emulatorControl(httpUrl: string) {
  const control = <T>(method: string, path: string, body?: unknown) =>
    call<T>(method, `${httpUrl}/_emulator${path}`, { body });
  return {
    createTenant: (domain: string) =>
      control<{ id: string }>("POST", "/tenants", { displayName: `Chaos ${domain}`, domain }),
    /** Tenant-wide admin consent, so the connect flow meets no consent page. */
    consentTenant: (tenantId: string) => control("POST", `/tenants/${tenantId}/consent`, {}),
    createUser: (tenantId: string, person: { name: string; email: string }) =>
      control<{ id: string }>("POST", "/users", {
        tenantId,
        email: person.email,
        displayName: person.name,
        timeZone: "Europe/London",
      }),
    addFault: (fault: { method: string; userId: string; pathPattern: string; latencyMs: number; count: number }) =>
      control<{ id: string }>("POST", "/faults", fault),
    faults: async () => (await control<{ value: { id: string; remaining: number }[] }>("GET", "/faults")).value,
    clearFaults: () => control("DELETE", "/faults"),
    requests: async (query: { userId: string; method: string; path: string }) =>
      (
        await control<{ value: { id: string; method: string; path: string; status: number; finishedAtMs: number }[] }>(
          "GET",
          `/requests?${new URLSearchParams(query)}`,
        )
      ).value,
    events: async (userId: string) =>
      (await control<{ value: OutlookEvent[] }>("GET", `/users/${userId}/events`)).value,
  };
}

/** The sync key (`<assignmentId>/<sessionId>`) Calendar Sync tags its entries with, when `event` has one. */
export function syncKeyOf(event: OutlookEvent): string | undefined {
  return event.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === SYNC_KEY_PROPERTY_ID.toLowerCase())
    ?.value;
}

/**
 * The instructor opens their invitation, picks Default Privacy Mode, signs in at the emulator and
 * comes back: what the wizard's "Connect Microsoft 365" button and a browser do, over fetch.
 */
export async function connectOverHttp({
  appUrl,
  emulatorHttpUrl,
  emulatorHttpsUrl,
  token,
  email,
}: {
  appUrl: string;
  emulatorHttpUrl: string;
  emulatorHttpsUrl: string;
  token: string;
  email: string;
}) {
  const start = await fetch(`${appUrl}/connect/${token}/start`, {
    method: "POST",
    headers: { origin: appUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ privacyMode: "default" }).toString(),
    redirect: "manual",
  });
  const authorizeUrl = start.headers.get("location");
  if (start.status !== 303 || !authorizeUrl?.startsWith(emulatorHttpUrl))
    throw new Error(`connect start for ${email}: ${start.status} → ${authorizeUrl}`);
  const binding = start.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  const browser = new PageDriver([emulatorHttpUrl, emulatorHttpsUrl]);
  await browser.open(authorizeUrl);
  if (!browser.callback) await browser.submit({ login: email });
  if (!browser.callback) await browser.submit({}, "accept");
  if (!browser.callback) throw new Error(`the emulator's sign-in did not return to the app: ${browser.text()}`);
  const back = await fetch(browser.callback.url, { headers: { cookie: binding }, redirect: "manual" });
  const landed = back.headers.get("location") ?? "";
  if (back.status !== 303 || !landed.includes("/connect/connected/"))
    throw new Error(`connect callback for ${email}: ${back.status} → ${landed}`);
}
