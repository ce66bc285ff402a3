/**
 * Graph conformance, part 4: JSON batching with the SDK's BatchRequestContent / BatchResponseContent,
 * throttling and the SDK's RetryHandler (graph-behaviour.md §7, §8, §12; checklist §13 items 7, 8).
 */
import { BatchRequestContent, BatchResponseContent } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import {
  control,
  eventBody,
  expectValid,
  expectValidCollection,
  freshMailbox,
  rawGraph,
  signedIn,
  type Mailbox,
} from "./testing/graph";

let emulator: Ms365Emulator;
let me: Mailbox;
let now: number;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
  now = emulator.ctx.now();
  me = await freshMailbox(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

/** SDK 3.0.7 keeps any version segment of the Request URL, so batch URLs omit /v1.0 (see routes/batch.ts). */
const sub = (path: string, init: RequestInit = {}) => new Request(`${emulator.url}${path}`, init);
const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});
const CALENDAR_ONLY = "/^\\/v1\\.0\\/me\\/calendar$/";

async function allFaultsTaken(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await control<{ value: unknown[] }>(emulator, "GET", "/faults")).body.value.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the slow requests never started");
}

describe("$batch", () => {
  it("§13 item 7: BatchRequestContent with dependsOn; per-request status, headers and bodies; 424 for a failed dependency", async () => {
    const batch = new BatchRequestContent([
      { id: "1", request: sub("/me/events", json(eventBody(now, 3, "Batched create"))) },
      { id: "2", request: sub("/me/events/AAMkDoesNotExist"), dependsOn: ["1"] },
      {
        id: "3",
        request: sub("/me/calendarView?startDateTime=2020-01-01T00:00:00Z&endDateTime=2040-01-01T00:00:00Z"),
        dependsOn: ["2"],
      },
    ]);
    const response = new BatchResponseContent(await me.client.api("/$batch").post(await batch.getContent()));
    const created = response.getResponseById("1");
    expect(created.status).toBe(201);
    expect(expectValid("event", await created.json()).subject).toBe("Batched create");
    const missing = response.getResponseById("2");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("request-id")).toBeTruthy();
    expect(expectValid("error", await missing.json())).toMatchObject({ error: { code: "ErrorItemNotFound" } });
    expect(response.getResponseById("3").status).toBe(424);
  });

  it("parallel sub-requests succeed side by side; a version-prefixed URL is a 400 for that request only", async () => {
    const batch = new BatchRequestContent([
      { id: "me", request: sub("/me") },
      { id: "cals", request: sub("/me/calendars") },
      { id: "versioned", request: sub("/v1.0/me") },
    ]);
    const response = new BatchResponseContent(await me.client.api("/$batch").post(await batch.getContent()));
    expect(expectValid("user", await response.getResponseById("me").json()).id).toBe(me.userId);
    expectValidCollection("calendarCollection", await response.getResponseById("cals").json());
    const versioned = response.getResponseById("versioned");
    expect(versioned.status).toBe(400);
    expect((await versioned.json()) as unknown).toMatchObject({
      error: { code: "BadRequest", message: "Resource not found for the segment 'v1.0'." },
    });
  });

  it("rejects malformed batches as a whole: more than 20 requests, duplicate ids", async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/me" }));
    expect((await rawGraph(emulator, me.token, "POST", "/$batch", { body: { requests: many } })).status).toBe(400);
    const dup = [
      { id: "a", method: "GET", url: "/me" },
      { id: "A", method: "GET", url: "/me" },
    ];
    const res = await rawGraph(emulator, me.token, "POST", "/$batch", { body: { requests: dup } });
    expect(res.status).toBe(400);
    expectValid("error", res.body);
  });

  it("§13 item 7: throttled sub-requests come back as 429 with their own Retry-After while others succeed", async () => {
    // Four slow requests hold the mailbox's 4 concurrency slots while the batch runs.
    await control(emulator, "POST", "/faults", { pathPattern: CALENDAR_ONLY, latencyMs: 600, count: 4 });
    const slow = Array.from({ length: 4 }, () => rawGraph(emulator, me.token, "GET", "/me/calendar"));
    await allFaultsTaken(); // each slow request takes its fault only once it holds a throttle slot
    const busy = new BatchRequestContent([
      { id: "1", request: sub("/me/calendars") },
      { id: "2", request: sub("/me/events") },
    ]);
    const during = new BatchResponseContent(await me.client.api("/$batch").post(await busy.getContent()));
    for (const id of ["1", "2"]) {
      const r = during.getResponseById(id);
      expect(r.status).toBe(429);
      expect(r.headers.get("Retry-After")).toBe("1");
      expect(await r.json()).toMatchObject({
        error: { code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." },
      });
    }
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200, 200, 200]);

    // An injected 429 on one sub-request carries that fault's Retry-After.
    await control(emulator, "POST", "/faults", {
      pathPattern: "/v1.0/me/calendars",
      status: 429,
      retryAfterSeconds: 7,
    });
    const mixed = new BatchRequestContent([
      { id: "a", request: sub("/me/calendars") },
      { id: "b", request: sub("/me") },
    ]);
    const after = new BatchResponseContent(await me.client.api("/$batch").post(await mixed.getContent()));
    expect([after.getResponseById("a").status, after.getResponseById("a").headers.get("retry-after")]).toEqual([
      429,
      "7",
    ]);
    expect(after.getResponseById("b").status).toBe(200);
  });
});

describe("throttling", () => {
  it("§13 item 8: six parallel slow requests on one mailbox -> the 5th and 6th get 429 ApplicationThrottled with Retry-After", async () => {
    await control(emulator, "POST", "/faults", { pathPattern: CALENDAR_ONLY, latencyMs: 400, count: 6 });
    const other = await signedIn(emulator, "amelia.hart@northwind-training.example");
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => rawGraph(emulator, me.token, "GET", "/me/calendar")),
      rawGraph(emulator, other.token, "GET", "/me/calendars"), // another mailbox is not affected
    ]);
    await control(emulator, "DELETE", "/faults");
    const statuses = results
      .slice(0, 6)
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const throttled = results.find((r) => r.status === 429);
    expect(throttled?.headers.get("retry-after")).toBe("1");
    expect(expectValid("error", throttled?.body)).toMatchObject({
      error: { code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." },
    });
    expect(results[6]?.status).toBe(200);
  });

  it("§13 item 8: the RetryHandler honours Retry-After on a 429 and the retry succeeds (also for an injected 503)", async () => {
    await control(emulator, "DELETE", "/requests");
    await control(emulator, "POST", "/faults", {
      pathPattern: "/v1.0/me/calendars",
      status: 429,
      retryAfterSeconds: 1,
    });
    const started = Date.now();
    const list = expectValidCollection("calendarCollection", await me.client.api("/me/calendars").get());
    expect(list.value).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const log = (
      await control<{ value: Array<{ status: number; headers: Record<string, string> }> }>(
        emulator,
        "GET",
        "/requests?path=/v1.0/me/calendars",
      )
    ).body.value;
    expect(log.map((e) => e.status)).toEqual([429, 200]);
    expect(log[1]?.headers["retry-attempt"]).toBe("1");
    await control(emulator, "POST", "/faults", {
      pathPattern: "/v1.0/me/calendars",
      status: 503,
      retryAfterSeconds: 0,
    });
    expect((await me.client.api("/me/calendars").get()).value).toHaveLength(1);
  });

  it("§13 item 8: the per-window request limit (configurable; 10,000 / 10 min by default) answers 429 TooManyRequests", async () => {
    const small = await createMs365Emulator({ port: 0, config: { graph: { throttle: { maxPerWindow: 3 } } } });
    try {
      const user = await signedIn(small, "marcus.lee@northwind-training.example");
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await rawGraph(small, user.token, "GET", "/me/calendars"));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(statuses[3]?.body).toMatchObject({ error: { code: "TooManyRequests" } });
      expect(Number(statuses[3]?.headers.get("retry-after"))).toBeGreaterThan(500);
    } finally {
      await small.close();
    }
  });
});
