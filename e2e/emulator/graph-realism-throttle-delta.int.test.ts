/**
 * Realistic profile over HTTP (issue 10 items 4, 5): throttling by budget (a 20-request $batch to one
 * mailbox gets sub-request 429s; a small request budget set through POST /_emulator/throttle; every
 * 429/503 carries Retry-After; userId faults hit app-only calls), and delta realism (410 with and
 * without Location, replication lag that calendarView does not have, a seed reproducing the pages).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type Ms365Emulator } from "./index";
import {
  control,
  eventBody,
  expectValid,
  expectValidCollection,
  freshMailbox,
  NORTHWIND,
  rawGraph,
  signedIn,
  type Mailbox,
} from "./testing/graph";

let emulator: Ms365Emulator;
let me: Mailbox;
let now: number;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0, profile: { profile: "realistic", seed: 21 } });
  now = emulator.ctx.now();
  me = await freshMailbox(emulator);
});
afterAll(async () => emulator?.close());

const iso = (ms: number) => new Date(ms).toISOString();
const window = () => `startDateTime=${iso(now - 86_400_000)}&endDateTime=${iso(now + 30 * 86_400_000)}`;
type Sub = { id: string; status: number; headers: Record<string, string>; body?: { error?: { code: string } } };

describe("throttling by budget", () => {
  it("a 20-request $batch to one mailbox yields sub-request 429s with Retry-After (realistic), none when clean", async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: String(i + 1),
      method: "GET",
      url: `/me/calendarView?${window()}`,
    }));
    const batch = await rawGraph(emulator, me.token, "POST", "/$batch", { body: { requests } });
    const responses = (batch.body as { responses: Sub[] }).responses;
    const throttled = responses.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    for (const r of throttled) {
      expect(r.headers["Retry-After"]).toBe("1");
      expect(expectValid("error", r.body).error).toMatchObject({ code: "ApplicationThrottled" });
    }
    await control(emulator, "POST", "/profile", { profile: "clean" });
    const clean = await rawGraph(emulator, me.token, "POST", "/$batch", { body: { requests } });
    expect((clean.body as { responses: Sub[] }).responses.filter((r) => r.status === 429)).toEqual([]);
    await control(emulator, "POST", "/profile", { profile: "realistic" });
  });

  it("a request budget per app+mailbox: over it, 429 TooManyRequests with Retry-After", async () => {
    const [one, two] = [await freshMailbox(emulator), await freshMailbox(emulator)];
    await control(emulator, "POST", "/throttle", { maxPerWindow: 3, windowMs: 60_000 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await rawGraph(emulator, one.token, "GET", "/me/calendar"));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      const refused = statuses[3]!;
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(expectValid("error", refused.body).error).toMatchObject({
        code: "TooManyRequests",
        innerError: { code: "429", status: "429" },
      });
      expect((await rawGraph(emulator, two.token, "GET", "/me/calendar")).status).toBe(200); // another mailbox has its own budget
    } finally {
      await control(emulator, "POST", "/throttle", { maxPerWindow: 10_000, windowMs: 600_000 });
    }
  });

  it("injected 429 and 503 carry Retry-After even without retryAfterSeconds; userId faults match app-only calls too", async () => {
    for (const status of [429, 503]) {
      await control(emulator, "POST", "/faults", { pathPattern: "/v1.0/me/calendar", status });
      const res = await rawGraph(emulator, me.token, "GET", "/me/calendar");
      expect([res.status, res.headers.get("retry-after")]).toEqual([status, "1"]);
    }
    const tenantId = emulator.state.users.get(me.userId)?.tenantId ?? "";
    await control(emulator, "POST", `/tenants/${tenantId}/consent`, {});
    const tokenRes = await fetch(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: EMULATOR_CLIENT_ID,
        client_secret: EMULATOR_CLIENT_SECRET,
        scope: "https://graph.microsoft.com/.default",
      }),
    });
    const { access_token: appToken } = (await tokenRes.json()) as { access_token: string };
    await control(emulator, "POST", "/faults", { userId: me.userId, status: 503, count: 2 });
    expect((await rawGraph(emulator, appToken, "GET", `/users/${me.email}/calendar`)).status).toBe(503);
    expect((await rawGraph(emulator, me.token, "GET", "/me/calendar")).status).toBe(503);
  });
});

describe("delta realism", () => {
  it("410 SyncStateNotFound with a Location restart URL, and without one", async () => {
    await rawGraph(emulator, me.token, "POST", "/me/events", { body: eventBody(now, 1, "Delta one") });
    await control(emulator, "POST", "/clock", { advanceSeconds: 2 }); // past the profile's replication lag
    const first = await rawGraph(emulator, me.token, "GET", `/me/calendarView/delta?${window()}`, {
      headers: { prefer: "odata.maxpagesize=50" },
    });
    const deltaLink = String(expectValidCollection("deltaCollection", first.body)["@odata.deltaLink"]);
    await control(emulator, "POST", "/delta/expire", { userId: me.userId, location: true });
    const gone = await rawGraph(emulator, me.token, "GET", deltaLink);
    expect([gone.status, (expectValid("error", gone.body).error as { code: string }).code]).toEqual([
      410,
      "SyncStateNotFound",
    ]);
    const location = gone.headers.get("location") ?? "";
    expect(location).toContain("$deltatoken=");
    const restarted = await rawGraph(emulator, me.token, "GET", location, {
      headers: { prefer: "odata.maxpagesize=50" },
    });
    expect(expectValidCollection("deltaCollection", restarted.body).value.map((e) => e.subject)).toContain("Delta one");
    const nextLink = String(restarted.body["@odata.deltaLink"]);
    await control(emulator, "POST", "/delta/expire", { userId: me.userId, location: false });
    const bare = await rawGraph(emulator, me.token, "GET", nextLink);
    expect([bare.status, bare.headers.get("location")]).toEqual([410, null]);
  });

  it("replication lag: delta shows a change only after the lag, calendarView at once", async () => {
    await control(emulator, "POST", "/profile", { overrides: { deltaReplicationLagMs: 60_000 } });
    await rawGraph(emulator, me.token, "POST", "/me/events", { body: eventBody(now, 2, "Lagging") });
    const view = await rawGraph(emulator, me.token, "GET", `/me/calendarView?${window()}&$top=50`);
    expect(expectValidCollection("eventCollection", view.body).value.map((e) => e.subject)).toContain("Lagging");
    const early = await rawGraph(emulator, me.token, "GET", `/me/calendarView/delta?${window()}`, {
      headers: { prefer: "odata.maxpagesize=50" },
    });
    expect(expectValidCollection("deltaCollection", early.body).value.map((e) => e.subject)).not.toContain("Lagging");
    await control(emulator, "POST", "/clock", { advanceSeconds: 61 });
    const next = await rawGraph(emulator, me.token, "GET", String(early.body["@odata.deltaLink"]));
    expect(expectValidCollection("deltaCollection", next.body).value.map((e) => e.subject)).toContain("Lagging");
    await control(emulator, "POST", "/profile", { profile: "realistic" });
  });

  it("a fixed seed reproduces the delta pages (repeats included)", async () => {
    const pagesFor = async (seed: number) => {
      const e = await createMs365Emulator({
        port: 0,
        profile: { profile: "realistic", seed, overrides: { deltaReplicationLagMs: 0 } },
      });
      try {
        const tenantId = [...e.state.tenants.values()].find((t) => t.domain === NORTHWIND)?.id;
        const email = `repro@${NORTHWIND}`;
        await control(e, "POST", "/users", {
          id: "0b7e5a4c-3f1d-4c2b-9a8e-6d5f4e3c2b1a",
          tenantId,
          email,
          displayName: "Repro",
        });
        const m = await signedIn(e, email);
        const base = e.ctx.now();
        for (let i = 0; i < 9; i++)
          await rawGraph(e, m.token, "POST", "/me/events", { body: eventBody(base, 1 + i, `P${i}`) });
        const pages: string[][] = [];
        let url = `/me/calendarView/delta?startDateTime=${iso(base)}&endDateTime=${iso(base + 20 * 86_400_000)}`;
        for (;;) {
          const page = await rawGraph(e, m.token, "GET", url, { headers: { prefer: "odata.maxpagesize=2" } });
          pages.push(expectValidCollection("deltaCollection", page.body).value.map((v) => String(v.subject)));
          if (!page.body["@odata.nextLink"]) return pages;
          url = String(page.body["@odata.nextLink"]);
        }
      } finally {
        await e.close();
      }
    };
    const a = await pagesFor(8);
    expect(await pagesFor(8)).toEqual(a);
    expect(a.flat().length).toBeGreaterThan(9); // some item came twice
    expect(new Set(a.flat()).size).toBe(9);
  });
});
